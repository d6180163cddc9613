import middy from '@middy/core';
import type { ChaseOutgoingResult } from '../core/outgoing/chase-outgoing-reports';
import { systemClock } from '../wiring';
import { outgoingReportChaser } from '../wiring-outgoing-light';
import { jobTime, type JobEvent } from './job-event';

/** Each working day at 07:00 (or `npm run job -- chase-outgoing-reports`): the reports we wait for from the stay municipalities. */
export const handler = middy<JobEvent, ChaseOutgoingResult>().handler(async (event) => outgoingReportChaser()(jobTime(event, systemClock)));
