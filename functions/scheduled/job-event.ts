import type { Clock } from '../core/kernel/clock';

/**
 * What a scheduled job is invoked with: EventBridge Scheduler sends the schedule's own time
 * (`<aws.scheduler.scheduled-time>`); the local stack its clock's, and `npm run job -- <name> --at
 * <time>` the time asked for — so a job runs "as of" a time, as the routine's days need.
 */
export interface JobEvent {
  job?: string;
  scheduledTime?: string;
}

/** The job's "now": the time it was scheduled for, or the clock's. */
export function jobTime(event: JobEvent | undefined, clock: Clock): Date {
  const at = event?.scheduledTime ? new Date(event.scheduledTime) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : clock.now();
}
