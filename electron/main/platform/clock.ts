/** Wall-clock time as a port, so caches, deadlines and timestamps can be tested with a fake clock. */

/** Wall-clock time, injected so caches and timestamps can be tested. */
export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => Date.now() };
