// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Lint, part of `npm test`: typescript-eslint's recommended rules, and the architecture as checks
 * (ARCHITECTURE.md's layers; the README's "Architecture" section) rather than rules people have to
 * remember. An exception is made in the file that needs it, commented with why.
 */

/** Imports a folder may not make: each layer depends only on the ones beneath it. */
const layer = (files, patterns, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] },
});

/** `process.env` is read in `functions/env.ts` only (and by infra and tests, which set it up). */
const PROCESS_ENV = {
  object: 'process',
  property: 'env',
  message: 'Read the environment through functions/env.ts: it is parsed once there, at cold start.',
};

/**
 * A DynamoDB key prefix (`CASE#`, `OUTBOX#`, `ROTATION#` …: capitals and `#` at the start of a
 * string) is spelled in functions/adapters/dynamodb/keys.ts only.
 */
const KEY_PREFIX = '^[A-Z][A-Z_]*#';
const KEY_PREFIX_MESSAGE = 'DynamoDB keys are built in functions/adapters/dynamodb/keys.ts only: import `keys` from there.';
const KEY_PREFIX_SELECTORS = [
  { selector: `Literal[value=/${KEY_PREFIX}/]`, message: KEY_PREFIX_MESSAGE },
  { selector: `TemplateElement[value.raw=/${KEY_PREFIX}/]`, message: KEY_PREFIX_MESSAGE },
];

const CLOCK_MESSAGE = 'Take "now" from the Clock port (deps.clock.now()), so that use cases and jobs can run as of any time.';
const CLOCK_SELECTORS = [
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: CLOCK_MESSAGE },
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: CLOCK_MESSAGE },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'cdk.out/', '.data/', 'test-results/', 'web/.prerender/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      // TypeScript checks names (`tsc --noEmit` runs in `npm test`); this rule doesn't know Node's and the DOM's globals.
      'no-undef': 'off',
      // Unused values are mistakes, except for names marked as deliberately unused.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-restricted-properties': ['error', PROCESS_ENV],
      'no-restricted-syntax': ['error', ...KEY_PREFIX_SELECTORS],
    },
  },
  {
    // Use cases and the domain take "now" from the Clock port, so jobs and tests can run as of any time.
    files: ['functions/core/**', 'shared/**'],
    rules: { 'no-restricted-syntax': ['error', ...KEY_PREFIX_SELECTORS, ...CLOCK_SELECTORS] },
  },
  {
    // Tests read whatever JSON an answer or a table holds; their `any` is the shape of unknown data.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Adapters and their items are DynamoDB's untyped maps (`unmarshall` gives `Record<string, any>`).
    files: ['functions/adapters/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['functions/adapters/dynamodb/keys.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['functions/env.ts', 'infra/**', 'scripts/**', 'test/**', '*.config.{js,ts}', 'web/vite.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  layer(['shared/**'], ['**/functions/**', '**/infra/**', '**/web/**', 'node:*', '@aws-sdk/*', 'react', 'react-dom', 'react-dom/*'], 'shared/ is the pure domain used by web and functions: nothing of functions, infra, web, Node, AWS or the DOM.'),
  layer(['web/**'], ['**/functions/**', '**/infra/**', '@aws-sdk/*'], 'web/ uses shared/ only: the API is its only way to the functions.'),
  layer(['functions/**'], ['**/infra/**'], 'functions/ must not depend on infra/: infra imports the functions’ definitions, not the other way round.'),
  layer(['functions/core/**'], ['**/infra/**', '**/adapters/**', '**/http/**', '**/wiring*', '@aws-sdk/*', '@middy/*', 'aws-lambda'], 'Use cases depend on ports, never on AWS, adapters, handlers or the wiring.'),
);
