import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The architecture's rules are lint rules (eslint.config.js), run by `npm test` over the whole
 * project. These cases hold the rules themselves: code that breaks one is refused, with a message
 * that says where the code belongs.
 */
const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../../..') });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('architecture rules (eslint.config.js)', () => {
  it.each([
    ['shared/ imports nothing from functions/', 'shared/example.ts', "import { env } from '../functions/env';\nexport const x = env;"],
    ['shared/ imports nothing from infra/', 'shared/example.ts', "import { ROOT } from '../infra/settings';\nexport const x = ROOT;"],
    ['shared/ imports nothing from web/', 'shared/example.ts', "import { App } from '../web/src/App';\nexport const x = App;"],
    ['shared/ uses nothing of Node', 'shared/example.ts', "import { createHash } from 'node:crypto';\nexport const x = createHash;"],
    ['web/ imports nothing from functions/', 'web/src/example.ts', "import { submitOrder } from '../../functions/core/intake/submit-order';\nexport const x = submitOrder;"],
    ['web/ imports nothing from infra/', 'web/src/example.ts', "import { ROOT } from '../../infra/settings';\nexport const x = ROOT;"],
    ['functions/ imports nothing from infra/', 'functions/http/example.ts', "import { startLocalStack } from '../../infra/local/stack';\nexport const x = startLocalStack;"],
    ['use cases use no AWS SDK', 'functions/core/cases/example.ts', "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const x = DynamoDBClient;"],
    ['use cases use no adapter', 'functions/core/cases/example.ts', "import { keys } from '../../adapters/dynamodb/keys';\nexport const x = keys;"],
  ])('%s', async (_rule, filePath, code) => {
    expect(await problems(filePath, code)).toEqual([expect.stringMatching(/^no-restricted-imports: /)]);
  });

  it('reads process.env in functions/env.ts only', async () => {
    const code = 'export const table = process.env.TABLE_NAME;';
    expect(await problems('functions/http/example.ts', code)).toEqual([expect.stringMatching(/^no-restricted-properties: .*functions\/env\.ts/)]);
    expect(await problems('functions/env.ts', code)).toEqual([]);
    expect(await problems('infra/example.ts', code)).toEqual([]);
  });

  it('spells DynamoDB key prefixes in the keys file only', async () => {
    const code = "export const a = (id: string) => `CASE#${id}`;\nexport const b = 'OUTBOX#';";
    expect(await problems('functions/adapters/dynamodb/case-store.ts', code)).toEqual([
      expect.stringMatching(/^no-restricted-syntax: .*keys\.ts/),
      expect.stringMatching(/^no-restricted-syntax: .*keys\.ts/),
    ]);
    expect(await problems('functions/adapters/dynamodb/keys.ts', code)).toEqual([]);
    expect(await problems('web/src/example.ts', "export const color = '#1b1b1b';\nexport const ref = '#/components/schemas/Order';")).toEqual([]);
  });

  it('takes "now" from the Clock port in use cases and the domain', async () => {
    for (const code of ['export const now = () => new Date();', 'export const now = () => Date.now();']) {
      expect(await problems('functions/core/cases/example.ts', code), code).toEqual([expect.stringMatching(/^no-restricted-syntax: .*Clock/)]);
      expect(await problems('shared/example.ts', code), code).toEqual([expect.stringMatching(/^no-restricted-syntax: .*Clock/)]);
    }
    expect(await problems('functions/core/cases/example.ts', 'export const at = (iso: string) => new Date(iso);')).toEqual([]);
    expect(await problems('functions/wiring.ts', 'export const now = () => new Date();')).toEqual([]);
  });
});
