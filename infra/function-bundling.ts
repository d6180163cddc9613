/**
 * How every function is bundled, in one place: `infra/functions.ts` hands it to CDK's
 * NodejsFunction, and `npm run bench` bundles with the same settings to measure what is deployed.
 * No CDK import here, so the bench loads it cheaply.
 */

/**
 * ESM bundles still contain CommonJS dependencies that call `require` (e.g. for `buffer`);
 * this banner gives them one.
 */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export const FUNCTION_BUNDLING = {
  /** The syntax of `LAMBDA_RUNTIME` (Node.js 24, `infra/functions.ts`). */
  target: 'node24',
  /** ESM builds of dependencies first: they tree-shake. */
  mainFields: ['module', 'main'],
  minify: true,
  /** Source maps in a file of their own, without the sources (smaller to load). */
  sourcesContent: false,
  charset: 'utf8',
  /** Lambda's Node.js runtime provides the AWS SDK v3. */
  external: ['@aws-sdk/*'],
} as const;

/** Every function's `NODE_OPTIONS`: stack traces through the source maps (the bundles are minified). */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps';
