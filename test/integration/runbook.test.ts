import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClient } from '../../infra/local/dynamodb-local';
import { DynamoDbOutboxStore } from '../../functions/adapters/dynamodb/outbox-store';
import { SCHEDULED_FUNCTIONS } from '../../functions/routes';
import { startNpmStart, type NpmStart } from '../support/npm-start';
import { exampleOrder } from '../support/order-fixture';
import { scanAll } from '../support/table';

/**
 * Issue 19, point 3: every command of `docs/runbook.md` that can run on this machine is run, as
 * written (`<time>` filled in), against `npm start`'s entry: the jobs as of a time, the dead
 * letters listed and re-driven — with a mail dead-lettered first, which the re-drive and the
 * sweeper then send. The AWS CLI commands name only outputs the stack has.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const runbook = readFileSync(join(ROOT, 'docs/runbook.md'), 'utf8');
const run = promisify(execFile);
let stack: NpmStart;

/** The shell commands of the runbook's `sh` blocks, in order. */
function commands(): string[] {
  return [...runbook.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n').map((l) => l.trim()).filter(Boolean));
}

beforeAll(async () => {
  stack = await startNpmStart();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function npmRun(command: string) {
  const args = command.replace(/<time>/g, '2027-01-04T07:00:00+01:00').split(/\s+/).slice(1); // "npm run …" → ["run", …]
  return run('npm', args, { cwd: ROOT, env: { ...process.env, PORT: String(stack.port), DYNAMODB_PORT: String(stack.dynamoDbPort) }, timeout: 60_000 });
}

describe('docs/runbook.md', () => {
  it('every npm command in it runs here as written; a dead-lettered mail is listed, re-driven and sent', async () => {
    // A case's mails sent, then one of them failed for good, as six failed attempts leave it.
    const res = await fetch(`${stack.baseUrl}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(exampleOrder()) });
    expect(res.status).toBe(201);
    const endpoint = `http://127.0.0.1:${stack.dynamoDbPort}`;
    const outboxItems = async () => (await scanAll(endpoint, 'vistelse')).filter((i) => i.type === 'outbox');
    for (const started = Date.now(); (await outboxItems()).some((i) => i.status !== 'sent'); await new Promise((r) => setTimeout(r, 200))) {
      if (Date.now() - started > 20_000) throw new Error('the mails were not sent');
    }
    const [victim] = await outboxItems();
    const store = new DynamoDbOutboxStore({ client: localClient(endpoint), name: 'vistelse' });
    await store.markAttemptFailed(victim!.caseId, victim!.outboxId, 'MessageRejected', new Date(), undefined);

    const npm = commands().filter((c) => c.startsWith('npm run '));
    expect(npm.length).toBeGreaterThanOrEqual(SCHEDULED_FUNCTIONS.length + 3);
    const printed: Record<string, string> = {};
    for (const command of npm) {
      const { stdout } = await npmRun(command);
      printed[command] = stdout;
    }
    expect(printed['npm run ops -- dead-letters --local']).toContain(`1 dead-lettered mail in vistelse`);
    expect(printed['npm run ops -- dead-letters --local']).toContain(victim!.outboxId);
    expect(printed['npm run ops -- redrive-mails --local']).toContain('1 mail queued again');
    // The sweeper's run (`npm run job -- retry-notifications`) after the re-drive sent it.
    const after = (await outboxItems()).find((i) => i.outboxId === victim!.outboxId)!;
    expect(after.status).toBe('sent');
    // Every job's rerun command is there and ran.
    for (const job of SCHEDULED_FUNCTIONS) expect(npm.some((c) => c.startsWith(`npm run job -- ${job.job}`)), job.job).toBe(true);
  }, 300_000);

  it('names in its AWS commands only outputs the stack has', () => {
    const outputs = new Set([...readFileSync(join(ROOT, 'infra/stack.ts'), 'utf8').matchAll(/new CfnOutput\(this, '(\w+)'/g)].map((m) => m[1]));
    const named = new Set(commands().filter((c) => c.startsWith('aws ')).flatMap((c) => [...c.matchAll(/<([A-Z]\w+)>/g)].map((m) => m[1])));
    expect(named.size).toBeGreaterThan(0);
    for (const name of named) expect(outputs, name).toContain(name);
  });
});
