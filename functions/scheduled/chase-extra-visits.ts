import type { ChaseExtraVisitsResult } from '../core/extras/chase-extra-visits';
import { systemClock } from '../wiring';
import { extraVisitChaser } from '../wiring-extra-visits-chaser';
import { jobTime, type JobEvent } from './job-event';
import { jobFunction } from '../observability/lambda';

/** Each working day at 07:00 (or `npm run job -- chase-extra-visits`): the weekly review reminder and the question clock. */
export const handler = jobFunction<JobEvent, ChaseExtraVisitsResult>('chase-extra-visits', (r) => ({ steps: r.reviewReminders + r.questionReminders, review_reminders: r.reviewReminders, question_reminders: r.questionReminders })).handler(async (event) => extraVisitChaser()(jobTime(event, systemClock)));
