#!/usr/bin/env node
// The `ceiling` command (package.json "bin"). The CLI is TypeScript, built with the app into out/main.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url));
if (!existsSync(built)) {
  console.error(
    'ceiling: the app is not built yet. Run `npm run build` (npm install does it) and try again.',
  );
  process.exit(1);
}
await import(pathToFileURL(built).href);
