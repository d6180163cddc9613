import { chaseConfirmations, type ChaseResult } from '../core/cases/chase-confirmations';
import { env, municipalityConfig, stores, systemClock, ulidIds } from '../wiring';
import { jobTime, type JobEvent } from './job-event';
import { jobFunction } from '../observability/lambda';

const chase = chaseConfirmations({ ...stores(), ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL });

/** Every 15 minutes (EventBridge Scheduler in Europe/Stockholm; the local stack's clock, or `npm run job`): the one-day chaser. */
export const handler = jobFunction<JobEvent, ChaseResult>('chase-confirmations', (r) => ({ steps: r.reminded + r.escalated + r.startLate + r.completionReminded, reminded: r.reminded, escalated: r.escalated, start_late: r.startLate, completion_reminded: r.completionReminded, skipped: r.skipped })).handler(async (event) => chase(jobTime(event, systemClock)));
