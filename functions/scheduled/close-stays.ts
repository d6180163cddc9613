import middy from '@middy/core';
import type { CloseStaysResult } from '../core/cases/stay-end';
import { systemClock } from '../wiring';
import { stayEnds } from '../wiring-stay-end';
import { jobTime, type JobEvent } from './job-event';

/** Daily (EventBridge Scheduler in Europe/Stockholm; the local stack's clock, or `npm run job -- close-stays`): stays whose last day passed end. */
export const handler = middy<JobEvent, CloseStaysResult>().handler(async (event) => stayEnds().closeStays(jobTime(event, systemClock)));
