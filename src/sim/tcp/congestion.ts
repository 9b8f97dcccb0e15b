// Congestion control of one connection, counted in segments as Linux counts it (snd_cwnd,
// snd_ssthresh; RFC 5681 counts bytes, the two agree for full-sized segments). The socket asks
// `sendAllowance()` before sending and reports ACKs, duplicate ACKs and timeouts; this module
// never sends anything itself. Algorithms:
// - `reno`: RFC 5681 slow start and congestion avoidance, with RFC 6582 NewReno fast recovery
//   (window inflation by one segment per duplicate ACK, deflation on a partial ACK).
// - `cubic`: RFC 9438 (Linux's common default, tcp_cubic.c) in congestion avoidance, with the
//   Reno-friendly region (RFC 9438 4.3) and fast convergence (4.7); beta 0.7, C 0.4.
// Linux differences not modelled, written down in docs/linux-profile.md: PRR (RFC 6937) paces
// recovery where NewReno inflates the window, HyStart++ may leave slow start early on a queueing
// link, and SACK/RACK recovery repairs several holes per round trip.
import type { CongestionPhase } from '../../trace/types';

export type CongestionAlgorithm = 'reno' | 'cubic';

/** Linux TCP_INFINITE_SSTHRESH: no threshold yet, slow start until the first loss. */
export const INFINITE_SSTHRESH = 0x7fffffff;

/** RFC 9438 4.6 and tcp_cubic.c's beta of 717/1024: the window kept after a loss. */
const CUBIC_BETA = 0.7;
/** RFC 9438 4.2's C, in segments per second cubed. */
const CUBIC_C = 0.4;

export interface CongestionConfig {
  algorithm: CongestionAlgorithm;
  /** Segments (RFC 6928's 10 for Linux, RFC 5681 3.1's formula for the textbook). */
  initialWindow: number;
  /** Linux's slow start grows by the segments acknowledged (RFC 3465 ABC); RFC 5681 3.1 by at
   * most one segment per ACK. */
  appropriateByteCounting: boolean;
}

export class CongestionControl {
  cwnd: number;
  ssthresh = INFINITE_SSTHRESH;
  /** Set while repairing a loss; cleared once SND.UNA passes `recover`. */
  private recovery: 'fast-recovery' | 'loss-recovery' | null = null;
  /** Acknowledged segments not yet turned into window growth (Linux snd_cwnd_cnt). */
  private credit = 0;
  /** The window was full when the sender had data to send (Linux is_cwnd_limited, RFC 7661). */
  cwndLimited = false;
  /** The most segments in flight in this round (Linux max_packets_out). */
  private maxInFlight = 0;
  // CUBIC's epoch (RFC 9438 4.2): when it began, the window before the loss, and K.
  private epochStartUs: number | null = null;
  private wMax = 0;
  private kSeconds = 0;
  private originWindow = 0;
  /** Reno-friendly estimate of the window (RFC 9438 4.3, W_est). */
  private wEst = 0;

  constructor(readonly config: CongestionConfig) {
    this.cwnd = config.initialWindow;
  }

  get phase(): CongestionPhase {
    if (this.recovery) return this.recovery;
    return this.cwnd < this.ssthresh ? 'slow-start' : 'congestion-avoidance';
  }

  get inRecovery(): boolean {
    return this.recovery !== null;
  }

  /** How many more segments may be sent with `inFlight` segments outstanding. */
  sendAllowance(inFlight: number): number {
    this.maxInFlight = Math.max(this.maxInFlight, inFlight);
    return Math.max(0, this.cwnd - inFlight);
  }

  /** A round trip ended (SND.UNA passed the mark of the last round): start counting afresh. */
  newRound(): void {
    this.cwndLimited = false;
    this.maxInFlight = 0;
  }

  /** New data acknowledged outside recovery: grow the window (RFC 5681 3.1, RFC 9438 4). */
  onAck(segmentsAcked: number, nowUs: number, srttUs: number | null): void {
    // After a timeout the window grows again by slow start (RFC 5681 3.1); fast recovery has its own rules.
    if (segmentsAcked <= 0 || this.recovery === 'fast-recovery') return;
    // Linux tcp_is_cwnd_limited: grow only a window the sender uses; in slow start, one that
    // reaches at least half of it (the window doubles from what was really in flight).
    const slowStart = this.cwnd < this.ssthresh;
    const limited = this.cwndLimited || (slowStart && this.cwnd < 2 * this.maxInFlight);
    if (!limited) return;
    let acked = segmentsAcked;
    if (slowStart) {
      const step = this.config.appropriateByteCounting ? acked : 1;
      const grown = Math.min(this.cwnd + step, this.ssthresh);
      acked -= grown - this.cwnd;
      this.cwnd = grown;
      if (acked <= 0 || !this.config.appropriateByteCounting) return;
    }
    if (this.config.algorithm === 'cubic') this.cubicGrowth(acked, nowUs, srttUs ?? 0);
    else this.additiveIncrease(this.cwnd, acked);
  }

  /** RFC 5681 3.1 congestion avoidance: one segment per window of acknowledged segments. */
  private additiveIncrease(perSegment: number, acked: number): void {
    this.credit += acked;
    if (this.credit >= perSegment) {
      const grow = Math.floor(this.credit / perSegment);
      this.credit -= grow * perSegment;
      this.cwnd += grow;
    }
  }

  /** RFC 9438 4.2-4.4: aim at W_cubic(t + RTT), or the Reno-friendly window when it is larger. */
  private cubicGrowth(acked: number, nowUs: number, srttUs: number): void {
    if (this.epochStartUs === null) {
      this.epochStartUs = nowUs;
      if (this.cwnd < this.wMax) {
        this.kSeconds = Math.cbrt((this.wMax - this.cwnd) / CUBIC_C);
        this.originWindow = this.wMax;
      } else {
        this.kSeconds = 0;
        this.originWindow = this.cwnd;
      }
      this.wEst = this.cwnd;
    }
    const t = (nowUs - this.epochStartUs + srttUs) / 1e6 - this.kSeconds;
    let target = this.originWindow + CUBIC_C * t * t * t;
    // RFC 9438 4.3: W_est grows like Reno with alpha = 3(1-beta)/(1+beta) per window.
    this.wEst += ((3 * (1 - CUBIC_BETA)) / (1 + CUBIC_BETA)) * (acked / this.cwnd);
    if (this.wEst > target) target = this.wEst;
    // RFC 9438 4.4: at most 1.5x per round trip; a cwnd already at the target grows very slowly.
    const perSegment = target > this.cwnd ? this.cwnd / Math.min(target - this.cwnd, this.cwnd / 2) : 100 * this.cwnd;
    this.additiveIncrease(Math.max(1, perSegment), acked);
  }

  /** The window a loss leaves (RFC 5681 equation 4; RFC 9438 4.6 with fast convergence 4.7). */
  private reduce(inFlight: number): number {
    if (this.config.algorithm === 'reno') return Math.max(Math.floor(inFlight / 2), 2);
    this.wMax = this.cwnd < this.wMax ? (this.cwnd * (1 + CUBIC_BETA)) / 2 : this.cwnd;
    this.epochStartUs = null;
    return Math.max(Math.floor(this.cwnd * CUBIC_BETA), 2);
  }

  /** Three duplicate ACKs (RFC 5681 3.2 steps 2-3): halve, retransmit, inflate by the three. */
  enterFastRecovery(inFlight: number): void {
    this.ssthresh = this.reduce(inFlight);
    this.cwnd = this.ssthresh + 3;
    this.credit = 0;
    this.recovery = 'fast-recovery';
  }

  /** RFC 5681 3.2 step 4: each further duplicate ACK means a segment has left the network. */
  onDuplicateAck(): void {
    if (this.recovery === 'fast-recovery') this.cwnd += 1;
  }

  /** RFC 6582 3.2 step 5: a partial ACK deflates the window by what it acknowledged, less one. */
  onPartialAck(segmentsAcked: number): void {
    if (this.recovery !== 'fast-recovery') return;
    this.cwnd = Math.max(this.cwnd - segmentsAcked + 1, 1);
  }

  /** RFC 6582 3.2 step 3: recovery ends when everything sent before the loss is acknowledged.
   * The RFC's first option, min(ssthresh, FlightSize + 1), for Reno; its second, ssthresh, is what
   * Linux does (tcp_end_cwnd_reduction) and so what the `linux` profile's CUBIC does. */
  exitRecovery(inFlight: number): void {
    if (this.recovery === 'fast-recovery')
      this.cwnd =
        this.config.algorithm === 'cubic' ? this.ssthresh : Math.max(Math.min(this.ssthresh, inFlight + 1), 2);
    this.recovery = null;
    this.credit = 0;
  }

  /** RFC 5681 3.1 equation 4 and "LW": a retransmission timeout restarts from one segment. */
  onRetransmissionTimeout(inFlight: number, firstBackoff: boolean): void {
    // RFC 5681 3.1: ssthresh is set once per loss, not again when the same segment times out twice.
    if (firstBackoff) this.ssthresh = this.reduce(inFlight);
    this.cwnd = 1;
    this.credit = 0;
    this.recovery = 'loss-recovery';
  }
}

/** RFC 5681 3.1's initial window: 2 to 4 segments depending on the MSS. */
export function rfc5681InitialWindow(mss: number): number {
  if (mss > 2190) return 2;
  if (mss > 1095) return 3;
  return 4;
}
