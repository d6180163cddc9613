import middy from '@middy/core';
import type { ChaseExtraVisitsResult } from '../core/extras/chase-extra-visits';
import { systemClock } from '../wiring';
import { extraVisitChaser } from '../wiring-extra-visits-chaser';
import { jobTime, type JobEvent } from './job-event';

/** Each working day at 07:00 (or `npm run job -- chase-extra-visits`): the weekly review reminder and the question clock. */
export const handler = middy<JobEvent, ChaseExtraVisitsResult>().handler(async (event) => extraVisitChaser()(jobTime(event, systemClock)));
