import type { CloseStaysResult } from '../core/cases/stay-end';
import { systemClock } from '../wiring';
import { stayEnds } from '../wiring-stay-end';
import { jobTime, type JobEvent } from './job-event';
import { jobFunction } from '../observability/lambda';

/** Daily (EventBridge Scheduler in Europe/Stockholm; the local stack's clock, or `npm run job -- close-stays`): stays whose last day passed end. */
export const handler = jobFunction<JobEvent, CloseStaysResult>('close-stays', (r) => ({ ended: r.ended, closed: r.closed, skipped: r.skipped })).handler(async (event) => stayEnds().closeStays(jobTime(event, systemClock)));
