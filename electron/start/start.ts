/**
 * `npm start [-- <dataset>]`: the Electron window where an Electron binary can run; otherwise the same UI
 * from the web host on 127.0.0.1, with one line saying why. With no dataset, the demo project opens.
 */
import { spawn } from 'node:child_process';
import { serveProject } from '../host/serve';
import { DEMO_DATASET, MAIN_FILE } from '../services/app-paths';
import { findElectron } from './find-electron';

const dataset = process.argv.slice(2).find((arg) => !arg.startsWith('-')) ?? DEMO_DATASET;
const electron =
  process.env.CEILING_WEB === '1'
    ? { ok: false as const, reason: 'CEILING_WEB=1 asks for the web host' }
    : findElectron();

if (electron.ok) {
  const child = spawn(electron.binary, [MAIN_FILE, dataset], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    `Ceiling: no Electron window here: ${electron.reason}. Serving the same UI on 127.0.0.1 instead.`,
  );
  try {
    const { host, project } = await serveProject({ dataset, port: Number(process.env.CEILING_PORT ?? 0) });
    console.log(`Ceiling is serving ${project.name} at ${host.url}`);
    console.log('Open that URL in a browser on this machine (it carries the access token). Ctrl+C stops.');
  } catch (error) {
    console.error(`Ceiling could not start: ${(error as Error).message}`);
    process.exit(1);
  }
}
