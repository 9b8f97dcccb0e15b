// TCP parameter sets. `linux` matches what a Linux loopback shows (so simulated and real traces
// line up); `rfc` uses the textbook values of RFC 9293, RFC 1122 and RFC 6298.
import type { TcpParams } from '../scenario/schema';
import type { CongestionAlgorithm } from './tcp/congestion';

export type ProfileName = 'linux' | 'rfc';

export interface TcpConfig {
  mss: number;
  timeWaitMs: number;
  delayedAckMs: number;
  /** Linux acknowledges the first segments of a connection at once (tcp_incr_quickack). */
  quickAckSegments: number;
  /** Linux holds ACKs in "ping-pong" (interactive) mode once the receiver answers quickly. */
  pingPong: boolean;
  /** Which delayed-ACK engine acknowledges received data: `rfc` ACKs every second full-sized
   * segment, a FIN at once, else after the delay (RFC 9293 3.8.6.3, RFC 1122 4.2.3.2); `linux`
   * follows the kernel: an ACK when more than one receive MSS is unacknowledged
   * (__tcp_ack_snd_check), the FIN's ACK delayed in ping-pong mode (tcp_fin), ping-pong left when
   * the timer fires (tcp_delack_timer_handler), and an ACK when a read drains small segments
   * (tcp_cleanup_rbuf). */
  delayedAckRules: 'linux' | 'rfc';
  /** Nagle's test: RFC 896 holds any small segment while data is unacknowledged; Linux holds
   * one only while an earlier small segment is unacknowledged (Minshall's variant). */
  nagleMinshall: boolean;
  initialRtoMs: number;
  minRtoMs: number;
  /** Linux's RTO is SRTT + max(4*RTTVAR, TCP_RTO_MIN) rather than RFC 6298's max(1 s, SRTT + 4*RTTVAR). */
  rtoMinAddsToSrtt: boolean;
  maxRtoMs: number;
  synRetries: number;
  dataRetries: number;
  rcvBufBytes: number;
  sndBufBytes: number;
  finWait2TimeoutMs: number;
  keepaliveIdleS: number;
  keepaliveIntervalS: number;
  keepaliveCount: number;
  /** CUBIC (RFC 9438) is Linux's usual default (net.ipv4.tcp_congestion_control); the
   * textbook is Reno with NewReno recovery (RFC 5681, RFC 6582). */
  congestionControl: CongestionAlgorithm;
  /** Initial window in segments: RFC 6928's 10 (Linux TCP_INIT_CWND), or absent for RFC 5681 3.1's 2-4. */
  initialCwnd?: number | undefined;
  /** SYN options beyond MSS (RFC 7323 timestamps, RFC 2018 SACK-permitted), as Linux sends them
   * with net.ipv4.tcp_timestamps and tcp_sack at their default 1. */
  timestamps: boolean;
  sackPermitted: boolean;
  /** Our window-scale shift (RFC 7323 2): Linux picks ilog2(tcp_rmem[2]) - 15, 10 for kernel
   * 6.18's 32 MiB default; null sends no window-scale option. */
  windowScale: number | null;
  /** How the announced receive window is chosen: Linux's tcp_select_window, or the free buffer
   * space (src/sim/tcp/window.ts). */
  windowRules: 'linux' | 'rfc';
  /** How a RST or SYN inside the window is checked: `rfc` follows RFC 5961 3.2 and 4.2 in every
   * state but SYN-SENT (a reset only at exactly RCV.NXT, else a challenge ACK); `linux` adds the
   * kernel's exceptions: a reset at RCV.NXT - 1 after a FIN or at the right-most SACK block's end
   * (tcp_validate_incoming), and a passive SYN-RECEIVED connection, a request socket, dropped by
   * any reset in its window or reset on a SYN (tcp_check_req). */
  resetRules: 'linux' | 'rfc';
  /** Timers fire on the kernel's tick through its timer wheel (src/sim/tcp/timer-wheel.ts): 4 ms
   * at Linux's HZ 250; 0 fires them exactly, as the RFCs describe them. */
  timerTickMs: number;
  /** Set by the UI's Nagle switch: overrides every socket's TCP_NODELAY. */
  forceNoDelay?: boolean | undefined;
}

const linux: TcpConfig = {
  mss: 1460,
  timeWaitMs: 60_000, // TCP_TIMEWAIT_LEN
  delayedAckMs: 40, // TCP_ATO_MIN
  quickAckSegments: 16, // TCP_MAX_QUICKACKS
  pingPong: true,
  delayedAckRules: 'linux',
  nagleMinshall: true,
  initialRtoMs: 1_000, // RFC 6298 2.1, TCP_TIMEOUT_INIT
  minRtoMs: 200, // TCP_RTO_MIN
  rtoMinAddsToSrtt: true,
  maxRtoMs: 120_000, // TCP_RTO_MAX
  synRetries: 6, // net.ipv4.tcp_syn_retries
  dataRetries: 15, // net.ipv4.tcp_retries2
  // tcp_rmem[1] = 131072, of which Linux's default scaling ratio (50 %) is window: 64 KiB.
  rcvBufBytes: 65_536,
  sndBufBytes: 65_536,
  finWait2TimeoutMs: 60_000, // net.ipv4.tcp_fin_timeout
  keepaliveIdleS: 7_200,
  keepaliveIntervalS: 75,
  keepaliveCount: 9,
  congestionControl: 'cubic',
  initialCwnd: 10, // TCP_INIT_CWND, RFC 6928
  timestamps: true,
  sackPermitted: true,
  windowScale: 10,
  windowRules: 'linux',
  resetRules: 'linux',
  timerTickMs: 4, // HZ 250 (CONFIG_HZ of the reference kernel)
};

const rfc: TcpConfig = {
  ...linux,
  timeWaitMs: 240_000, // RFC 9293 3.4.2: 2*MSL with MSL = 2 minutes
  delayedAckMs: 200, // RFC 1122 4.2.3.2: an ACK should not be delayed more than 0.5 s; 200 ms is usual
  quickAckSegments: 0,
  pingPong: false,
  delayedAckRules: 'rfc',
  nagleMinshall: false,
  minRtoMs: 1_000, // RFC 6298 2.4
  rtoMinAddsToSrtt: false,
  maxRtoMs: 60_000, // RFC 6298 2.5
  dataRetries: 12,
  congestionControl: 'reno',
  initialCwnd: undefined,
  // RFC 9293 alone: MSS is the only option; the window is the free buffer space.
  timestamps: false,
  sackPermitted: false,
  windowScale: null,
  windowRules: 'rfc',
  resetRules: 'rfc',
  rcvBufBytes: 65_535,
  timerTickMs: 0,
};

export function tcpConfig(profile: ProfileName, overrides: TcpParams = {}): TcpConfig {
  const config = copyOf(profile === 'rfc' ? rfc : linux);
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined || key === 'mslMs' || key === 'quickAck') continue;
    (config as unknown as Record<string, unknown>)[key] = value;
  }
  if (overrides.mslMs !== undefined && overrides.timeWaitMs === undefined) config.timeWaitMs = 2 * overrides.mslMs;
  if (overrides.quickAck === false) {
    config.quickAckSegments = 0;
    config.pingPong = false;
  }
  return config;
}

/**
 * A copy made by one literal with every key, `forceNoDelay` included, so every run's config has
 * the one hidden class (V8 map) of that literal. A spread copy (`{ ...base }`, then a key added)
 * got a new map in each run once the code building it was optimized (from the 9th run of the
 * bench on), and every hot function that reads the config (the window, the timers, output) then
 * deoptimized on "wrong map" in every run after.
 */
function copyOf(base: TcpConfig): TcpConfig {
  return {
    mss: base.mss,
    timeWaitMs: base.timeWaitMs,
    delayedAckMs: base.delayedAckMs,
    quickAckSegments: base.quickAckSegments,
    pingPong: base.pingPong,
    delayedAckRules: base.delayedAckRules,
    nagleMinshall: base.nagleMinshall,
    initialRtoMs: base.initialRtoMs,
    minRtoMs: base.minRtoMs,
    rtoMinAddsToSrtt: base.rtoMinAddsToSrtt,
    maxRtoMs: base.maxRtoMs,
    synRetries: base.synRetries,
    dataRetries: base.dataRetries,
    rcvBufBytes: base.rcvBufBytes,
    sndBufBytes: base.sndBufBytes,
    finWait2TimeoutMs: base.finWait2TimeoutMs,
    keepaliveIdleS: base.keepaliveIdleS,
    keepaliveIntervalS: base.keepaliveIntervalS,
    keepaliveCount: base.keepaliveCount,
    congestionControl: base.congestionControl,
    initialCwnd: base.initialCwnd,
    timestamps: base.timestamps,
    sackPermitted: base.sackPermitted,
    windowScale: base.windowScale,
    windowRules: base.windowRules,
    resetRules: base.resetRules,
    timerTickMs: base.timerTickMs,
    forceNoDelay: base.forceNoDelay,
  };
}
