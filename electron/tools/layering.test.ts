import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layering of DESIGN §2 is enforced by eslint.config.js; this checks the rules really fire, so a
 * config edit cannot quietly switch them off. Each case lints a snippet as if it lived at `filePath`.
 */
const eslint = new ESLint();

async function restrictedImports(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports').length;
}

describe('which folder may import what', () => {
  it.each([
    ['shared/probe.ts', "import { readFile } from 'node:fs';\nexport const x = readFile;\n"],
    ['shared/probe.ts', "import path from 'path';\nexport const x = path;\n"],
    ['shared/probe.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    [
      'shared/probe.ts',
      "import { createRouter } from '../electron/services/router';\nexport const x = createRouter;\n",
    ],
    ['renderer/src/probe.ts', "import { readFile } from 'node:fs';\nexport const x = readFile;\n"],
    [
      'renderer/src/probe.ts',
      "import { CeilingApp } from '../../electron/services/ceiling-app';\nexport const x = CeilingApp;\n",
    ],
    ['electron/services/probe.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['electron/services/probe.ts', "import x from '../../renderer/src/App.svelte';\nexport const y = x;\n"],
    ['electron/preload/probe.ts', "import { readFile } from 'node:fs';\nexport const x = readFile;\n"],
    [
      'electron/preload/probe.ts',
      "import { CeilingApp } from '../services/ceiling-app';\nexport const x = CeilingApp;\n",
    ],
  ])('refuses in %s: %s', async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toBe(1);
  });

  it.each([
    ['shared/probe.ts', "import { z } from 'zod';\nexport const x = z;\n"],
    ['renderer/src/probe.ts', "import { SPLITS } from '../../shared/splits';\nexport const x = SPLITS;\n"],
    [
      'electron/services/probe.ts',
      "import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n",
    ],
    [
      'electron/main/probe.ts',
      "import { app } from 'electron';\nimport { CeilingApp } from '../services/ceiling-app';\nexport const x = [app, CeilingApp];\n",
    ],
    [
      'electron/preload/probe.ts',
      "import { contextBridge } from 'electron';\nimport { IPC_CALL_CHANNEL } from '../../shared/ipc-channels';\nexport const x = [contextBridge, IPC_CALL_CHANNEL];\n",
    ],
  ])('allows in %s: %s', async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toBe(0);
  });
});
