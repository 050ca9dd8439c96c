import type { Clock } from '../ports';

/** The real wall clock. */
export const systemClock: Clock = { now: () => Date.now() };
