import middy from '@middy/core';
import { chaseConfirmations, type ChaseResult } from '../core/cases/chase-confirmations';
import { env, municipalityConfig, stores, systemClock, ulidIds } from '../wiring';
import { jobTime, type JobEvent } from './job-event';

const chase = chaseConfirmations({ ...stores(), ids: ulidIds, config: municipalityConfig, publicBaseUrl: env().PUBLIC_BASE_URL });

/** Every 15 minutes (EventBridge Scheduler in Europe/Stockholm; the local stack's clock, or `npm run job`): the one-day chaser. */
export const handler = middy<JobEvent, ChaseResult>().handler(async (event) => chase(jobTime(event, systemClock)));
