import { SCHEDULED_FUNCTIONS } from '../../functions/routes';
import { stockholmInstant } from '../../shared/dates';

/**
 * `npm run job -- <name> [--at <time>]`: runs one scheduled job once against the running local
 * stack (`npm start`, on `PORT`), as of that time — `2027-01-07T07:00` is Stockholm time; a value
 * with its own offset (`Z`, `+01:00`) is taken as it says; without `--at`, now. It prints what the
 * job did.
 */
const jobs = SCHEDULED_FUNCTIONS.map((f) => f.job);
const usage = `Usage: npm run job -- <name> [--at <time>]\n  names: ${jobs.join(', ')}\n  time:  e.g. 2027-01-07T07:00 (Stockholm time) or 2027-01-07T06:00:00Z`;

const args = process.argv.slice(2);
const name = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--at');
const atIndex = args.indexOf('--at');
const atText = atIndex >= 0 ? args[atIndex + 1] : undefined;
if (!name || !jobs.includes(name as (typeof jobs)[number])) {
  console.error(name ? `No scheduled job "${name}".\n${usage}` : usage);
  process.exit(2);
}
const at = atText === undefined ? new Date() : stockholmInstant(atText);
if (!at) {
  console.error(`Not a time: "${atText}".\n${usage}`);
  process.exit(2);
}
const port = Number(process.env.PORT ?? 3000);
let res: Response;
try {
  res = await fetch(`http://127.0.0.1:${port}/__local/jobs/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ at: at.toISOString() }),
  });
} catch {
  console.error(`No local stack answers on port ${port}: start it with "npm start" (set PORT if it runs on another port).`);
  process.exit(1);
}
const body = await res.json();
if (!res.ok) {
  console.error(`${name} failed: ${body.error?.message ?? res.status}`);
  process.exit(1);
}
console.log(`${name} ran as of ${at.toISOString()} (${at.toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' })} Stockholm time): ${JSON.stringify(body.result)}`);
