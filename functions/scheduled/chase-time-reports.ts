import { chaseTimeReports, type TimeReportChaseResult } from '../core/reports/chase-time-reports';
import { env, municipalityConfig, stores, systemClock, ulidIds } from '../wiring';
import { jobTime, type JobEvent } from './job-event';
import { jobFunction } from '../observability/lambda';

const chase = chaseTimeReports({ ...stores(), ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL });

/** Daily at 07:00 Europe/Stockholm on working days (EventBridge Scheduler; a timer locally; `npm run job -- chase-time-reports --at …`): the time reports' chaser. */
export const handler = jobFunction<JobEvent, TimeReportChaseResult>('chase-time-reports', (r) => ({ steps: Object.values(r.steps).reduce((a, b) => a + b, 0), mails: r.mails, skipped: r.skipped })).handler(async (event) => chase(jobTime(event, systemClock)));
