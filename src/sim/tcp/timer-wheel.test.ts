import { describe, expect, it } from 'vitest';
import { kernelTimerDue } from './timer-wheel';

const TICK = 4_000; // HZ 250

describe('kernelTimerDue (Linux timer wheel at HZ 250)', () => {
  it('fires a 40 ms delayed ACK 40-44 ms later, never early', () => {
    for (let now = 0; now < 8_000; now += 250) {
      const delay = kernelTimerDue(now, 40_000, TICK) - now;
      expect(delay).toBeGreaterThanOrEqual(40_000);
      expect(delay).toBeLessThanOrEqual(44_000);
    }
  });

  it('fires a 200 ms RTO 204 ms later when armed on a tick (50 jiffies + the next bucket)', () => {
    expect(kernelTimerDue(0, 200_000, TICK)).toBe(204_000);
  });

  it('gives long timers the coarse buckets of higher levels: TIME-WAIT within 2.048 s after 60 s', () => {
    const due = kernelTimerDue(0, 60_000_000, TICK);
    expect(due).toBeGreaterThanOrEqual(60_000_000);
    expect(due).toBeLessThanOrEqual(62_048_000);
    expect((due / TICK) % 512).toBe(0); // a level-3 bucket boundary
  });

  it('with no tick fires exactly', () => {
    expect(kernelTimerDue(1234, 40_000, 0)).toBe(41_234);
  });
});
