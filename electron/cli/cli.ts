/**
 * `ceiling` — the same services as the app, scriptable. Every command calls the contract's router (no
 * second code path), prints JSON with --json, and exits non-zero with a message on error. Each command
 * is a file under commands/; list it here.
 */
import { APP_VERSION } from '../services/app-paths';
import type { Command } from './cli-support';
import { decomposeCommand } from './commands/decompose-command';
import { importCommand } from './commands/import-command';
import { infoCommand } from './commands/info-command';
import { lrFindCommand } from './commands/lr-find-command';
import { serveCommand } from './commands/serve-command';
import { splitCommand } from './commands/split-command';
import { trainCommand } from './commands/train-command';
import { tuneCommand } from './commands/tune-command';
import { runsCommand } from './commands/runs-command';
import { importPredictionsCommand } from './commands/import-predictions-command';
import { predictCommand } from './commands/predict-command';
import { reportCommand } from './commands/report-command';
import { sampleCommand } from './commands/sample-command';
import { tagCommand } from './commands/tag-command';
import { suspectsCommand } from './commands/suspects-command';
import { fixCommand } from './commands/fix-command';
import { exportLabelsCommand } from './commands/export-labels-command';

const COMMANDS: Command[] = [
  importCommand,
  infoCommand,
  serveCommand,
  decomposeCommand,
  splitCommand,
  trainCommand,
  lrFindCommand,
  tuneCommand,
  runsCommand,
  importPredictionsCommand,
  predictCommand,
  sampleCommand,
  tagCommand,
  reportCommand,
  suspectsCommand,
  fixCommand,
  exportLabelsCommand,
];

const MAIN_USAGE = `ceiling ${APP_VERSION} — ML error analysis and label cleanup

Usage: ceiling <command> [options]   (ceiling <command> --help for details)

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(18)} ${command.summary}`).join('\n')}

Options: --json (machine-readable output), --help`;

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
  const command = COMMANDS.find((candidate) => candidate.name === name);
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

// `serve` keeps running after main returns: let the event loop decide when to exit.
process.exitCode = await main(process.argv.slice(2));
