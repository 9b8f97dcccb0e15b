// ESLint flat config: typescript-eslint's recommended rules everywhere, plus purity rules for
// the core (src/sim, src/scenario, src/trace), which must run in the browser, Node and tests alike.
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

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
    files: ['src/sim/**/*.ts', 'src/scenario/**/*.ts', 'src/trace/**/*.ts', 'src/bridge-protocol/**/*.ts'],
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
);
