import type { PurgeResult } from '../core/purge/purge-cases';
import { systemClock } from '../wiring';
import { purge } from '../wiring-purge';
import { jobTime, type JobEvent } from './job-event';
import { jobFunction } from '../observability/lambda';

/** Daily (EventBridge Scheduler in Europe/Stockholm; the local stack's clock, or `npm run job -- purge`): gallring of cases closed longer than the retention. */
export const handler = jobFunction<JobEvent, PurgeResult>('purge', (r) => ({ purged: r.purged, skipped: r.skipped })).handler(async (event) => purge()(jobTime(event, systemClock)));
