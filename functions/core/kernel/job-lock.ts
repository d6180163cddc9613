/**
 * One run of a scheduled job at a time: a lease the run takes before it works and gives back
 * after. A run that finds the lease taken does nothing (EventBridge may invoke twice; a run may
 * outlast the schedule). A run that dies keeps the lease only until it expires.
 */
export interface JobLocks {
  /** Takes the job's lease for `holder` until `until`, unless another holder's lease is still running at `now`. */
  acquire(job: string, holder: string, now: Date, until: Date): Promise<boolean>;
  /** Gives the lease back (only the holder's own). */
  release(job: string, holder: string): Promise<void>;
}
