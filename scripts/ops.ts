/**
 * `npm run ops -- <command> [options]`: what the runbook (docs/runbook.md) has an operator do to
 * the system's data, against the local stack (`--local`) or the deployed table (AWS credentials of
 * the shell, `--table <TableName output>`, `AWS_REGION`, default eu-north-1).
 *
 *   dead-letters                       the mails that failed for good: kind, case id, when, the error
 *   redrive-mails [--kind K] [--case C] each queued again from its first attempt (the sweeper sends it)
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbOutboxStore } from '../functions/adapters/dynamodb/outbox-store';
import { deadLetters } from '../functions/core/outbox/dead-letters';

const usage = 'Usage: npm run ops -- <dead-letters | redrive-mails> [--local] [--table <name>] [--kind <kind>] [--case <caseId>]';
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { local: { type: 'boolean', default: false }, table: { type: 'string' }, kind: { type: 'string' }, case: { type: 'string' } },
});
const [command] = positionals;
if (command !== 'dead-letters' && command !== 'redrive-mails') {
  console.error(command ? `No command "${command}".\n${usage}` : usage);
  process.exit(2);
}
const table = values.table ?? process.env.TABLE_NAME ?? (values.local ? 'vistelse' : undefined);
if (!table) {
  console.error(`Name the table: --table <the stack's TableName output> (or TABLE_NAME).\n${usage}`);
  process.exit(2);
}
const client = values.local
  ? new DynamoDBClient({ region: 'eu-north-1', endpoint: `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  : new DynamoDBClient({ region: process.env.AWS_REGION ?? 'eu-north-1' });
const letters = deadLetters({ outbox: new DynamoDbOutboxStore({ client, name: table }), clock: { now: () => new Date() } });

try {
  if (command === 'dead-letters') {
    const mails = await letters.list();
    console.log(`${mails.length} dead-lettered mail${mails.length === 1 ? '' : 's'} in ${table}`);
    for (const m of mails) console.log(`  ${m.failedAt}  ${m.kind}  case ${m.caseId}  mail ${m.id}  ${m.lastError ?? ''}${m.correlationId ? `  correlation ${m.correlationId}` : ''}`);
  } else {
    const { redriven, skipped } = await letters.redrive({ ...(values.kind ? { kind: values.kind } : {}), ...(values.case ? { caseId: values.case } : {}) });
    console.log(`${redriven.length} mail${redriven.length === 1 ? '' : 's'} queued again (the sweeper sends them within a minute)${skipped ? `; ${skipped} no longer dead-lettered` : ''}`);
    for (const m of redriven) console.log(`  ${m.kind}  case ${m.caseId}  mail ${m.id}`);
  }
} catch (error) {
  console.error(`${command} failed: ${(error as Error).name}: ${(error as Error).message}`);
  process.exit(1);
} finally {
  client.destroy();
}
