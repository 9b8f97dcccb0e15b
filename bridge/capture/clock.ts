// The clock every source of a real run is stamped with: CLOCK_REALTIME in microseconds, the one
// tcpdump stamps packets with and the Python runner reads with time.time_ns() // 1000.

/** Wall-clock microseconds, with performance.now()'s sub-millisecond precision. */
export function nowMicroseconds(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}
