// When a kernel timer really fires. Linux counts timeouts in jiffies (HZ 250: 4 ms on this
// project's reference kernel) and its timer wheel never fires early: a timer lands in the bucket
// after its expiry, whose width grows with the delay (kernel/time/timer.c: 64 buckets per level,
// each level 8 times coarser). So a 40 ms delayed ACK fires 40-44 ms later (measured on loopback:
// 40.15-47.62 ms, median 43.0) and a 200 ms RTO after 204 ms. tickUs 0 keeps exact timers.
const LEVEL_BITS = 6;
const LEVEL_SHIFT = 3;
const BUCKETS = 2 ** LEVEL_BITS;
/** Jiffies per bucket at each level, 2 ** (level * LEVEL_SHIFT): a table, since a pow() per timer
 * set showed in the bench profile. */
const LEVEL_GRANULARITY: readonly number[] = Array.from({ length: 9 }, (_, level) => 2 ** (level * LEVEL_SHIFT));

export function kernelTimerDue(nowUs: number, delayUs: number, tickUs: number): number {
  if (tickUs <= 0) return nowUs + delayUs;
  const jiffies = Math.floor(nowUs / tickUs);
  const delta = Math.max(1, Math.ceil(delayUs / tickUs));
  // calc_wheel_index: level n holds deltas below (BUCKETS - 1) << (n * LEVEL_SHIFT).
  let level = 0;
  while (delta >= (BUCKETS - 1) * (LEVEL_GRANULARITY[level] as number) && level < 8) level++;
  const granularity = LEVEL_GRANULARITY[level] as number;
  const expires = jiffies + delta;
  // calc_index: the bucket after the one the expiry falls in.
  const due = (Math.floor(expires / granularity) + 1) * granularity;
  return due * tickUs;
}
