// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

/**
 * Lint, plus the layering of DESIGN §2 as rules: which folder may import what.
 *   shared/            pure: nothing from Node, the DOM, Electron, the services or the UI
 *   renderer/          the UI: nothing from Node, Electron or the Node side (only shared/)
 *   electron/services, host, cli, start, bench, tools: plain Node, never `electron`, never the UI
 *   electron/preload   only `electron` and shared/ipc-channels (a sandboxed preload has no other modules)
 *   electron/main      the shell: the only place that imports `electron` with services
 */
const NODE_BUILTINS = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const restrict = (
  /** @type {string[]} */ paths,
  /** @type {{ group: string[], message: string }[]} */ patterns,
) => ({
  'no-restricted-imports': [
    'error',
    { paths: paths.map((name) => ({ name, message: `not allowed in this layer (DESIGN §2)` })), patterns },
  ],
});
const NO_NODE_SIDE = {
  group: ['**/electron/**', '!**/shared/**'],
  message: 'the Node side is reached only through the API contract',
};
const NO_UI = { group: ['**/renderer/**'], message: 'the Node side never imports the UI' };

export default tseslint.config(
  { ignores: ['out/', 'node_modules/', 'resources/', 'e2e/screenshots/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['electron/**', 'e2e/**', '*.config.*', 'eslint.config.js'],
    languageOptions: { globals: globals.node },
  },
  { files: ['renderer/**'], languageOptions: { globals: globals.browser } },
  {
    files: ['shared/**'],
    rules: restrict(
      [...NODE_BUILTINS, 'electron'],
      [NO_NODE_SIDE, NO_UI, { group: ['svelte', 'svelte/*'], message: 'shared/ is framework-free' }],
    ),
  },
  { files: ['renderer/**'], rules: restrict([...NODE_BUILTINS, 'electron'], [NO_NODE_SIDE]) },
  {
    files: [
      'electron/services/**',
      'electron/host/**',
      'electron/cli/**',
      'electron/start/**',
      'electron/bench/**',
      'electron/tools/**',
    ],
    rules: restrict(
      ['electron'],
      [
        NO_UI,
        { group: ['**/main/**', '**/preload/**'], message: 'services do not depend on the Electron shell' },
      ],
    ),
  },
  {
    files: ['electron/preload/**'],
    rules: restrict(NODE_BUILTINS, [
      {
        group: ['**/services/**', '**/renderer/**', '**/main/**'],
        message: 'the sandboxed preload stays dependency-free',
      },
    ]),
  },
  { files: ['electron/main/**'], rules: restrict([], [NO_UI]) },
);
