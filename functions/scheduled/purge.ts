import middy from '@middy/core';
import type { PurgeResult } from '../core/purge/purge-cases';
import { systemClock } from '../wiring';
import { purge } from '../wiring-purge';
import { jobTime, type JobEvent } from './job-event';

/** Daily (EventBridge Scheduler in Europe/Stockholm; the local stack's clock, or `npm run job -- purge`): gallring of cases closed longer than the retention. */
export const handler = middy<JobEvent, PurgeResult>().handler(async (event) => purge()(jobTime(event, systemClock)));
