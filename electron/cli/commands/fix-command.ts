import type { CeilingApp } from '../../services/ceiling-app';
import { call, CliError, COMMON_OPTIONS, parse, printJson, withProject, type Command } from '../cli-support';

const usage = `ceiling fix <dataset> <item> <new-label> [--reason TEXT]
ceiling fix <dataset> <item> --keep|--ambiguous|--exclude [--reason TEXT]
ceiling fix <dataset> --undo <entry>

Record a label-cleanup decision as one entry of the project's append-only fix log
(<project>/labels/fix-log.jsonl); the dataset's files and manifest are never changed. <item> is an item
id or the item's path relative to the dataset. --undo appends an entry that reverts entry <entry> (the
item's latest). Entries are signed with your reviewer name (--reviewer saves it in your settings).

  --reason <text>      why (kept in the log)
  --keep               the label is right
  --ambiguous          cannot tell
  --exclude            leave the item out of training and evaluation
  --undo <entry>       undo log entry <entry> (its seq number)
  --reviewer <name>    save your reviewer name first (settings)
  --json               print the entry as JSON`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  reason: { type: 'string' },
  keep: { type: 'boolean', default: false },
  ambiguous: { type: 'boolean', default: false },
  exclude: { type: 'boolean', default: false },
  undo: { type: 'string' },
  reviewer: { type: 'string' },
} as const;

/** An item id as given, or the one item whose path contains the text given (a path relative to the dataset). */
async function itemIdOf(app: CeilingApp, given: string): Promise<string> {
  if (/^[0-9a-f]{20}(-[0-9]+)?$/.test(given)) return given;
  const page = await call(app, 'items.query', { filter: { text: given.replace(/\\/g, '/') }, limit: 2 });
  if (page.total === 1) return page.items[0]!.id;
  throw new CliError(
    page.total === 0
      ? `No item with id or path "${given}".`
      : `${page.total} items match "${given}": give the item id or the whole path.`,
  );
}

export const fixCommand: Command = {
  name: 'fix',
  summary: 'fix, keep, exclude or undo a label (appends to the fix log)',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, usage, OPTIONS);
    const [dataset, item, newLabel] = positionals;
    if (!dataset) throw new CliError(`Give the dataset.\n\n${usage}`);
    const flags = (['keep', 'ambiguous', 'exclude'] as const).filter((flag) => values[flag]);
    if (flags.length > 1) throw new CliError(`Give one of --keep, --ambiguous, --exclude.`);
    if (values.undo !== undefined && (item || flags.length > 0))
      throw new CliError('--undo takes only the entry number.');
    if (values.undo === undefined && !item) throw new CliError(`Give the item.\n\n${usage}`);
    if (values.undo === undefined && flags.length === 0 && !newLabel)
      throw new CliError('Give the new label, or --keep, --ambiguous or --exclude.');
    if (flags.length === 1 && newLabel) throw new CliError(`--${flags[0]} takes no new label.`);
    const result = await withProject(dataset, values['project-dir'], async (app) => {
      if (values.reviewer !== undefined) await call(app, 'settings.save', { reviewerName: values.reviewer });
      if (values.undo !== undefined) {
        const seq = Number(values.undo);
        if (!Number.isInteger(seq) || seq < 1)
          throw new CliError(`--undo takes an entry number, not "${values.undo}".`);
        return call(app, 'cleanup.undo', { seq });
      }
      const itemId = await itemIdOf(app, item!);
      return call(app, 'cleanup.decide', {
        itemId,
        decision: flags[0] ?? 'relabel',
        ...(newLabel ? { newLabel } : {}),
        ...(values.reason !== undefined ? { reason: values.reason } : {}),
        source: 'manual',
        runId: null,
      });
    });
    if (values.json) return printJson(result);
    const { entry } = result;
    const what =
      entry.decision === 'undo'
        ? `undid entry ${entry.undoes}: ${entry.oldLabel} → ${entry.newLabel}`
        : entry.decision === 'relabel'
          ? `${entry.oldLabel} → ${entry.newLabel}`
          : `${entry.decision} (${entry.newLabel})`;
    console.log(
      `Entry ${entry.seq}: item ${entry.itemId} ${what}, by ${entry.reviewer}. Labels are at revision ${result.revision}.`,
    );
  },
};
