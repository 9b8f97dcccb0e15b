// The live stream of a real run re-merges the whole run: its pace keeps merging to a small share
// of the event loop (or of the machine, once it merges in a worker thread), so a large run cannot
// stall the bridge (issue 15, finding 7).
import { describe, expect, it } from 'vitest';
import { nextStreamDelayMs } from './run-scenario';

describe('live stream pacing', () => {
  it('streams every 100 ms while merges are cheap', () => {
    expect(nextStreamDelayMs(0)).toBe(100);
    expect(nextStreamDelayMs(2)).toBe(100);
    expect(nextStreamDelayMs(20, true)).toBe(100);
  });

  it('waits 50 times as long as an expensive merge took: merging holds the loop at most 2% of the time', () => {
    for (const mergeMs of [5, 40, 300, 1200]) {
      const delayMs = nextStreamDelayMs(mergeMs);
      expect(delayMs).toBe(mergeMs * 50);
      expect(mergeMs / (mergeMs + delayMs)).toBeLessThanOrEqual(0.02);
    }
  });

  it('waits 3 times as long as a merge took in the worker thread: the loop is free, the cores are shared', () => {
    for (const mergeMs of [50, 400, 2000]) {
      const delayMs = nextStreamDelayMs(mergeMs, true);
      expect(delayMs).toBe(mergeMs * 3);
      expect(mergeMs / (mergeMs + delayMs)).toBeLessThanOrEqual(0.25);
    }
  });
});
