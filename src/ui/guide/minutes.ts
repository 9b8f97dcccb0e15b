// How long a lesson takes, estimated from its Trace at a reading pace. The built-in lessons write
// the figure in their guide (`guide.minutes`), so the landing page needs no simulation; guide.test.ts
// holds each written figure to this estimate, so a lesson that grows says so.

/**
 * A step's line in the explanation panel is some 15 words: about 5 s to read at a learner's
 * pace (180 words a minute) while glancing at the diagram.
 */
export const readSecondsPerStep = 5;
/**
 * Past this many steps a lesson repeats itself (the same round trip, the same stall), and a
 * learner plays it rather than stepping: the rest counts at playback speed 2× (0.4 s a step).
 */
export const readSteps = 120;
export const playedSecondsPerStep = 0.4;
/** Reading the goals, what to watch for and the recap. */
export const framingSeconds = 60;

/** Minutes, rounded up, for a lesson of `steps` steps (its Trace's steps, every event but TCB snapshots). */
export function readingMinutes(steps: number): number {
  const read = Math.min(steps, readSteps) * readSecondsPerStep;
  const played = Math.max(0, steps - readSteps) * playedSecondsPerStep;
  return Math.ceil((read + played + framingSeconds) / 60);
}
