import middy from '@middy/core';
import { chaseTimeReports, type TimeReportChaseResult } from '../core/reports/chase-time-reports';
import { env, municipalityConfig, stores, systemClock, ulidIds } from '../wiring';
import { jobTime, type JobEvent } from './job-event';

const chase = chaseTimeReports({ ...stores(), ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL });

/** Daily at 07:00 Europe/Stockholm on working days (EventBridge Scheduler; a timer locally; `npm run job -- chase-time-reports --at …`): the time reports' chaser. */
export const handler = middy<JobEvent, TimeReportChaseResult>().handler(async (event) => chase(jobTime(event, systemClock)));
