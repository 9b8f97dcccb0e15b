// The receive window a socket announces. `rfc`: the free buffer space (RFC 9293 3.8.6.2.2 with
// the sender-side SWS rule elsewhere). `linux`: what tcp_select_window / __tcp_select_window
// compute, which learners see in every real capture:
// - the SYN offers the buffer space rounded down to a multiple of the MSS, at most 65535
//   (tcp_select_initial_window: 64240 = 44 × 1460 on Ethernet, 65483 on loopback);
// - later windows are the free space, capped by rcv_ssthresh (which grows by two segments per
//   full-sized segment received, tcp_grow_window), rounded UP to the scale granule so that the
//   shift does not throw space away, and never smaller than what is already promised beyond
//   RCV.NXT (RFC 7323 2.4, RFC 9293 3.8.6.2.1: do not shrink the window);
// - with little space left the window closes to zero rather than offering crumbs
//   (receiver-side SWS avoidance, RFC 9293 3.8.6.2.2).
// Not modelled: receive-buffer autotuning (tcp_rcv_space_adjust) and skb truesize accounting;
// the "space" is the socket's receive buffer as Linux's default 50 % scaling ratio leaves it.

/** Linux tcp_select_initial_window: the SYN's window. */
export function initialWindow(space: number, mss: number): number {
  const clamped = Math.min(space, 65535);
  return clamped > mss ? clamped - (clamped % mss) : clamped;
}

export interface WindowInputs {
  /** Receive buffer space (bytes) and what is queued in it. */
  space: number;
  queued: number;
  /** Linux rcv_ssthresh: the window grows up to the space through this. */
  rcvSsthresh: number;
  /** The peer's segment size as we see it (icsk_ack.rcv_mss). */
  rcvMss: number;
  /** Our window-scale shift, or null when window scaling is off. */
  wscale: number | null;
  /** What our last announcement still promises beyond RCV.NXT (never negative). */
  promised: number;
}

const alignUp = (n: number, granule: number): number => Math.ceil(n / granule) * granule;

/** 2 to the power n for an integer n >= 0: exact like 2 ** n, which V8 computes with a general
 * pow() call (several percent of a bulk run, once per window). */
export function powerOfTwo(n: number): number {
  return n < 31 ? 1 << n : 2 ** n;
}

/** Linux __tcp_select_window, then tcp_select_window's no-shrink rule and 16-bit cap. */
export function linuxWindow(w: WindowInputs): number {
  return selectWindow(w.space, w.queued, w.rcvSsthresh, w.rcvMss, w.wscale, w.promised);
}

/** linuxWindow with its inputs as arguments: a socket asks after every event, so no object. */
export function selectWindow(
  space: number,
  queued: number,
  rcvSsthresh: number,
  rcvMss: number,
  wscale: number | null,
  promised: number,
): number {
  const granule = powerOfTwo(wscale ?? 0);
  const mss = Math.min(rcvMss, space);
  let free = Math.max(0, space - queued);
  let window: number;
  if (free < space / 2 && (free - (free % granule) < space / 16 || free < mss)) window = 0;
  else {
    free = Math.min(free, rcvSsthresh);
    window = wscale !== null ? alignUp(free, granule) : free - (free % mss);
  }
  if (window < promised) window = alignUp(promised, granule);
  return Math.min(window, 65535 * granule);
}

/** Linux tcp_grow_window: a full-sized segment lets the window grow by two segments. */
export function grownSsthresh(rcvSsthresh: number, bytes: number, rcvMss: number, space: number): number {
  if (bytes < rcvMss || rcvSsthresh >= space) return rcvSsthresh;
  return Math.min(rcvSsthresh + 2 * rcvMss, space);
}
