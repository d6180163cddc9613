import type { ChaseOutgoingResult } from '../core/outgoing/chase-outgoing-reports';
import { systemClock } from '../wiring';
import { outgoingReportChaser } from '../wiring-outgoing-light';
import { jobTime, type JobEvent } from './job-event';
import { jobFunction } from '../observability/lambda';

/** Each working day at 07:00 (or `npm run job -- chase-outgoing-reports`): the reports we wait for from the stay municipalities. */
export const handler = jobFunction<JobEvent, ChaseOutgoingResult>('chase-outgoing-reports', (r) => ({ steps: r.chased, mails: r.mails })).handler(async (event) => outgoingReportChaser()(jobTime(event, systemClock)));
