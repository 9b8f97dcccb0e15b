// ESLint flat config: typescript-eslint's recommended rules everywhere, plus purity rules for
// the core (src/tcp, src/encoding, src/sim, src/conformance, src/scenario, src/trace, src/diagram,
// src/bridge-protocol, src/quiz), which must run in the browser, Node and tests alike, and the layering of
// ARCHITECTURE.md: each core folder may import only the folders below it
// (src/architecture.test.ts checks the same for every folder, and cycles, in `npm test`).
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const core = ['tcp', 'encoding', 'scenario', 'trace', 'sim', 'conformance', 'diagram', 'bridge-protocol', 'quiz'];
/** For each core folder, the project folders it may not import (its layer or above). */
const below = {
  tcp: [],
  encoding: [],
  scenario: ['tcp', 'encoding'],
  trace: ['tcp', 'encoding'],
  sim: ['tcp', 'encoding', 'scenario', 'trace'],
  conformance: ['tcp', 'encoding', 'trace', 'sim'],
  diagram: ['tcp', 'encoding', 'trace', 'i18n'],
  'bridge-protocol': ['tcp', 'encoding', 'scenario', 'trace'],
  quiz: ['tcp', 'encoding', 'trace'],
};
const above = ['ui', 'store', 'i18n', 'bridge'];

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'test-results/', 'playwright-report/']),
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: core.map((folder) => `src/${folder}/**/*.ts`),
    ignores: ['**/*.test.ts', '**/test-*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'The core is pure: Node APIs belong in bridge/.' },
            { group: ['react', 'react-dom', 'react/*', 'zustand', 'framer-motion'], message: 'The core is UI-free.' },
            {
              group: ['**/ui/**', '**/store/**', '**/i18n/**', '**/bridge/**'],
              message: 'The core depends on nothing above it.',
            },
          ],
          paths: ['fs', 'path', 'os', 'net', 'dgram', 'child_process', 'crypto', 'process'],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'The simulator uses virtual time: timers are data.' },
        { name: 'setInterval', message: 'The simulator uses virtual time: timers are data.' },
        { name: 'Date', message: 'The core never reads a wall clock.' },
        { name: 'performance', message: 'The core never reads a wall clock.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded PRNG so one seed reproduces a run.' },
      ],
    },
  },
  ...core.map((folder) => ({
    files: [`src/${folder}/**/*.ts`],
    ignores: ['**/*.test.ts', '**/test-*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'The core is pure: Node APIs belong in bridge/.' },
            { group: ['react', 'react-dom', 'react/*', 'zustand', 'framer-motion'], message: 'The core is UI-free.' },
            {
              group: [
                ...above.filter((other) => !below[folder].includes(other)),
                ...core.filter((other) => other !== folder && !below[folder].includes(other)),
              ].map((other) => `**/${other}/**`),
              message: `src/${folder} may import only ${below[folder].join(', ') || 'nothing of the project'} (ARCHITECTURE.md "Layers").`,
            },
          ],
          paths: ['fs', 'path', 'os', 'net', 'dgram', 'child_process', 'crypto', 'process'],
        },
      ],
    },
  })),
);
