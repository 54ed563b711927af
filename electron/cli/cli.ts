import { parseArgs } from 'node:util';
import type { CallInput, CallName, CallOutput } from '../../shared/contract';
import type { ImportProgress } from '../../shared/import-report';
import { serveProject } from '../host/serve';
import { APP_VERSION, DEMO_DATASET } from '../services/app-paths';
import { CeilingApp } from '../services/ceiling-app';

/**
 * `ceiling` — the same services as the app, scriptable. Every command calls the contract's router (no
 * second code path), prints JSON with --json, and exits non-zero with a message on error.
 */

class CliError extends Error {}

const COMMANDS: Record<string, { usage: string; summary: string; run: (args: string[]) => Promise<void> }> = {
  import: {
    usage: `ceiling import <dataset> [--project-dir <dir>] [--json]

Import a dataset folder (class/*.png or source/class/*.png) or a CSV/JSONL manifest
(path,label[,source][,split]) into its project (<dataset>/.ceiling by default).
Re-importing picks up added and removed files and keeps the ids of unchanged ones.
Progress goes to stderr; Ctrl+C cancels and leaves the previous index as it was.`,
    summary: 'import a dataset folder or manifest',
    run: runImport,
  },
  info: {
    usage: `ceiling info [dataset] [--project-dir <dir>] [--json]

Print the version and the TF.js backend that would run; with a dataset, its project:
item counts per label, source and split.`,
    summary: 'version, backend and project facts',
    run: runInfo,
  },
  serve: {
    usage: `ceiling serve [dataset] [--project-dir <dir>] [--port <n>]

Serve the Ceiling UI on 127.0.0.1 for a dataset (default: the demo project) and print
the URL with its access token. For headless machines and browser tests.`,
    summary: 'serve the UI on 127.0.0.1 (web host)',
    run: runServe,
  },
};

const MAIN_USAGE = `ceiling ${APP_VERSION} — ML error analysis and label cleanup

Usage: ceiling <command> [options]   (ceiling <command> --help for details)

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(8)} ${command.summary}`)
  .join('\n')}

Options: --json (machine-readable output), --help`;

const COMMON_OPTIONS = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  'project-dir': { type: 'string' },
} as const;

const SERVE_OPTIONS = { ...COMMON_OPTIONS, port: { type: 'string' } } as const;

/** Parse a command's arguments; `--help` prints its usage and exits, a bad option becomes a CliError. */
function parse<O extends typeof COMMON_OPTIONS>(args: string[], usage: string, options: O) {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    if ((parsed.values as { help?: boolean }).help) {
      console.log(usage);
      process.exit(0);
    }
    return parsed;
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${usage}`);
  }
}

async function createApp(): Promise<CeilingApp> {
  return CeilingApp.create({ host: 'cli', version: APP_VERSION });
}

/** Call the router and turn a failed Result into a CLI error carrying its message. */
async function call<N extends CallName>(
  app: CeilingApp,
  name: N,
  input: CallInput<N>,
): Promise<CallOutput<N>> {
  const result = await app.router.call(name, input);
  if (!result.ok) throw new CliError(result.error.message);
  return result.value as CallOutput<N>;
}

function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

function formatProgress(progress: ImportProgress): string {
  if (progress.phase === 'scanning') return 'scanning…';
  const eta = progress.etaSeconds === null ? '' : ` · ETA ${Math.ceil(progress.etaSeconds)} s`;
  return `${progress.phase} ${progress.done}/${progress.total} · ${progress.rate.toFixed(0)} files/s${eta} · ${progress.problems} problems`;
}

async function runImport(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, COMMANDS.import!.usage, COMMON_OPTIONS);
  const dataset = positionals[0];
  if (!dataset)
    throw new CliError(`Give the dataset folder or manifest to import.\n\n${COMMANDS.import!.usage}`);
  const app = await createApp();
  try {
    await call(app, 'project.open', { datasetPath: dataset, projectDir: values['project-dir'] });
    const live = process.stderr.isTTY;
    app.events.subscribe((event) => {
      if (event.name !== 'import.progress') return;
      const line = formatProgress(event.payload as ImportProgress);
      if (live) process.stderr.write(`\r\x1b[2K${line}`);
      else if ((event.payload as ImportProgress).phase !== 'reading') process.stderr.write(`${line}\n`);
    });
    process.once('SIGINT', () => void app.router.call('import.cancel', {}));
    const report = await call(app, 'import.run', {});
    if (live) process.stderr.write('\n');
    if (values.json) return printJson(report);
    console.log(
      `Imported ${report.items} items (${report.added} added, ${report.removed} removed, ${report.unchanged} unchanged) ` +
        `in ${report.seconds.toFixed(1)} s.`,
    );
    console.log(
      `${report.problems.length} problems, ${report.duplicateGroups.length} groups of exact duplicates.`,
    );
    for (const problem of report.problems.slice(0, 20)) {
      console.log(`  ${problem.line ? `line ${problem.line}: ` : ''}${problem.path}: ${problem.reason}`);
    }
    if (report.problems.length > 20) console.log(`  … and ${report.problems.length - 20} more (use --json).`);
  } finally {
    await app.closeProject();
  }
}

async function runInfo(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, COMMANDS.info!.usage, COMMON_OPTIONS);
  const app = await createApp();
  try {
    const info = await call(app, 'app.info', {});
    const dataset = positionals[0];
    const project = dataset
      ? await call(app, 'project.open', { datasetPath: dataset, projectDir: values['project-dir'] })
      : null;
    const facets = project ? await call(app, 'items.facets', {}) : null;
    if (values.json) return printJson({ app: info, project, facets });
    console.log(`Ceiling ${info.version} on Node ${info.node} (${info.platform})`);
    console.log(`TF.js backend: ${info.backend.name} — ${info.backend.reason}`);
    if (info.backend.advice) console.log(`  ${info.backend.advice}`);
    if (project && facets) {
      console.log(`Project ${project.name}: ${project.itemCount} items, state in ${project.projectDir}`);
      if (project.lastImportAt === null) console.log('  Not imported yet: run `ceiling import` on it.');
      const list = (counts: { value: string; count: number }[]) =>
        counts.map((c) => `${c.value || '(none)'} ${c.count}`).join(', ');
      console.log(`  labels:  ${list(facets.labels)}`);
      console.log(`  sources: ${list(facets.sources)}`);
      console.log(`  splits:  ${list(facets.splits)}`);
      for (const warning of project.warnings) console.log(`  warning: ${warning}`);
    }
  } finally {
    await app.closeProject();
  }
}

async function runServe(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, COMMANDS.serve!.usage, SERVE_OPTIONS);
  const port =
    (values.port as string | undefined) === undefined ? 0 : Number(values.port as string | undefined);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port must be 0–65535, not ${values.port as string | undefined}`);
  const { host, project } = await serveProject({
    dataset: positionals[0] ?? DEMO_DATASET,
    projectDir: values['project-dir'],
    port,
  });
  console.log(`Ceiling is serving ${project.name} at ${host.url}`);
  console.log('Open that URL in a browser on this machine (it carries the access token). Ctrl+C stops.');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(MAIN_USAGE);
    return name ? 0 : 1;
  }
  if (name === '--version') {
    console.log(APP_VERSION);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`ceiling: unknown command "${name}".\n\n${MAIN_USAGE}`);
    return 2;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (error) {
    console.error(`ceiling ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
if (code !== 0 || process.argv[2] !== 'serve') process.exitCode = code;
