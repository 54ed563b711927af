import { serveProject } from '../../host/serve';
import { DEMO_DATASET } from '../../services/app-paths';
import { CliError, COMMON_OPTIONS, parse, type Command } from '../cli-support';

const usage = `ceiling serve [dataset] [--project-dir <dir>] [--port <n>]

Serve the Ceiling UI on 127.0.0.1 for a dataset (default: the demo project) and print
the URL with its access token. For headless machines and browser tests.`;

const SERVE_OPTIONS = { ...COMMON_OPTIONS, port: { type: 'string' } } as const;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the UI on 127.0.0.1 (web host)',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, usage, SERVE_OPTIONS);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new CliError(`--port must be 0–65535, not ${values.port}`);
    }
    const { host, project } = await serveProject({
      dataset: positionals[0] ?? DEMO_DATASET,
      projectDir: values['project-dir'],
      port,
    });
    console.log(`Ceiling is serving ${project.name} at ${host.url}`);
    console.log('Open that URL in a browser on this machine (it carries the access token). Ctrl+C stops.');
  },
};
