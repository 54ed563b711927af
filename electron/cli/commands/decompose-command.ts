import { resolve } from 'node:path';
import type { SavedDecomposition } from '../../../shared/calls/decomposition-calls';
import { decompose, describeBayesProxy, type Decomposition } from '../../../shared/decomposition/decompose';
import {
  ERROR_FIELDS,
  validateDecompositionInput,
  type DecompositionInput,
  type HumanLevelEntry,
} from '../../../shared/decomposition/decomposition-input';
import { decompositionMarkdown } from '../../../shared/decomposition/decomposition-markdown';
import { formatGap, formatPercent } from '../../../shared/decomposition/format-percent';
import { WATERFALL_ORDER } from '../../../shared/decomposition/decomposition-rows';
import { LEVEL_SHORT_NAMES, type LevelKey } from '../../../shared/decomposition/gap-definitions';
import { parsePercentText } from '../../../shared/decomposition/percent-text';
import { call, CliError, COMMON_OPTIONS, parse, printJson, withProject, type Command } from '../cli-support';

const usage = `ceiling decompose <dataset> [--human "student=5,expert=2,team=0.7"]
                  [--train 8] [--train-dev 12] [--dev 15] [--test 16]
                  [--save] [--export file.csv] [--markdown] [--json] [--project-dir <dir>]

Split the model's error into avoidable bias (train − human), variance (train-dev − train),
data mismatch (dev − train-dev) and dev overfitting (test − dev), with the best human level
as the proxy for Bayes error (Ng, "Structuring Machine Learning Projects"), and name the
largest gap with the knob that closes it.

Starts from the values saved in the project (the Decompose screen); flags override them.
Errors are percentages; an empty value (--test "") means "not measured". There are no model
runs yet, so the errors are typed by hand.

  --human     label=error pairs, comma-separated; replaces the saved human levels
  --save      save the values in the project
  --export    also write the decomposition as CSV (path relative to the current folder)
  --markdown  print the decomposition as a Markdown table
  --json      print the inputs and the full result as JSON`;

const DECOMPOSE_OPTIONS = {
  ...COMMON_OPTIONS,
  human: { type: 'string' },
  train: { type: 'string' },
  'train-dev': { type: 'string' },
  dev: { type: 'string' },
  test: { type: 'string' },
  save: { type: 'boolean', default: false },
  export: { type: 'string' },
  markdown: { type: 'boolean', default: false },
} as const;

/** "student=5,expert=2,team of experts=0.7" → entries; the last "=" splits, so labels may hold spaces. */
export function parseHumanLevels(text: string): HumanLevelEntry[] {
  return text
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const at = part.lastIndexOf('=');
      if (at < 0) throw new CliError(`--human: "${part.trim()}" is not label=error (e.g. expert=2).`);
      const label = part.slice(0, at).trim();
      const parsed = parsePercentText(part.slice(at + 1), `--human "${label}"`);
      if (!parsed.ok) throw new CliError(parsed.message);
      if (parsed.value === null) throw new CliError(`--human "${label}": give an error after "=".`);
      return { label, errorPercent: parsed.value };
    });
}

function withFlags(saved: DecompositionInput, values: Record<string, unknown>): DecompositionInput {
  const input: DecompositionInput = { humanLevels: saved.humanLevels, errors: { ...saved.errors } };
  if (typeof values.human === 'string') input.humanLevels = parseHumanLevels(values.human);
  for (const field of ERROR_FIELDS) {
    const text = values[field.flag];
    if (typeof text !== 'string') continue;
    const parsed = parsePercentText(text, `--${field.flag}`);
    if (!parsed.ok) throw new CliError(parsed.message);
    input.errors[field.key] = parsed.value;
  }
  return input;
}

const BAR_WIDTH = 40;

/** The waterfall as text: each level as a bar from 0, each gap as the segment between two levels. */
function waterfallText(result: Decomposition): string[] {
  const known = result.levels.map((level) => level.percent ?? 0);
  const scale = BAR_WIDTH / Math.max(1, ...known);
  const column = (percent: number) => Math.round(percent * scale);
  const percentOf = (key: LevelKey) => result.levels.find((level) => level.key === key)?.percent ?? null;
  const lines: string[] = [];
  const levelLine = (key: LevelKey) => {
    const percent = percentOf(key);
    const name = key === 'human' ? 'human (Bayes proxy)' : `${LEVEL_SHORT_NAMES[key]} error`;
    lines.push(
      percent === null
        ? `  ${name.padEnd(28)} ${'—'.padStart(7)}  not measured`
        : `  ${name.padEnd(28)} ${formatPercent(percent).padStart(7)}  ${'█'.repeat(column(percent))}`,
    );
  };
  levelLine('human');
  for (const step of WATERFALL_ORDER) {
    if ('level' in step) {
      levelLine(step.level);
      continue;
    }
    const gap = result.gaps.find((candidate) => candidate.key === step.gap);
    if (!gap) continue;
    const label = `  ${`+ ${gap.name.toLowerCase()}`.padEnd(28)}`;
    if (gap.points === null) {
      lines.push(`${label} ${'—'.padStart(7)}  not available: ${gap.unavailable}`);
      continue;
    }
    const from = percentOf(gap.from) ?? 0;
    const to = percentOf(gap.to) ?? 0;
    const start = column(Math.min(from, to));
    const length = Math.max(gap.points === 0 ? 0 : 1, Math.abs(column(to) - column(from)));
    const segment = ' '.repeat(start) + (gap.points < 0 ? '░' : '▓').repeat(length);
    const largest = gap.key === result.largest ? '   ◀ largest' : '';
    lines.push(`${label} ${formatGap(gap.points).padStart(7)}  ${segment}  ${gap.formula}${largest}`);
  }
  return lines;
}

function printText(name: string, decomposition: SavedDecomposition, note: string | null): void {
  const { input, result } = decomposition;
  console.log(`Error decomposition of ${name} (errors typed by hand: no model run yet)`);
  console.log(
    `${describeBayesProxy(result.bayesProxy)}; human levels: ${input.humanLevels
      .map((entry) => `${entry.label} ${formatPercent(entry.errorPercent)}`)
      .join(', ')}`,
  );
  console.log('');
  for (const line of waterfallText(result)) console.log(line);
  console.log('');
  console.log(`Diagnosis: ${result.diagnosis}`);
  for (const gap of result.gaps) if (gap.note) console.log(`Note (${gap.name.toLowerCase()}): ${gap.note}`);
  if (note) console.log(note);
}

export const decomposeCommand: Command = {
  name: 'decompose',
  summary: 'error decomposition: bias, variance, mismatch, dev overfitting',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, usage, DECOMPOSE_OPTIONS);
    const dataset = positionals[0];
    if (!dataset) throw new CliError(`Give the dataset whose decomposition to compute.\n\n${usage}`);
    await withProject(dataset, values['project-dir'], async (app) => {
      const project = await call(app, 'project.current', {});
      const saved = await call(app, 'decomposition.get', {});
      const input = withFlags(saved.input, values);
      const problems = validateDecompositionInput(input);
      if (problems.length > 0) {
        const hint = input.humanLevels.length === 0 ? '\nGive them with --human "expert=2,team=0.7".' : '';
        throw new CliError(`${problems.map((problem) => problem.message).join('\n')}${hint}`);
      }
      const decomposition: SavedDecomposition = values.save
        ? await call(app, 'decomposition.save', input)
        : { ...saved, input, errorsSource: 'manual', result: decompose(input) };
      const exported = values.export
        ? await call(app, 'decomposition.export', { input, target: resolve(values.export) })
        : null;
      if (values.json) {
        return printJson({
          ...decomposition,
          saved: values.save,
          exportedTo: exported?.path ?? null,
        });
      }
      if (values.markdown) {
        console.log(decompositionMarkdown(input, decomposition.result, decomposition.errorsSource));
      } else {
        printText(project?.name ?? dataset, decomposition, values.save ? 'Saved in the project.' : null);
      }
      if (exported) console.log(`CSV written to ${exported.path}`);
    });
  },
};
