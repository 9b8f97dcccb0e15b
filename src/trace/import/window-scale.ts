// The window-scale pass of the importer (RFC 7323 2): a segment's window field counts units of
// 2^shift bytes once both SYNs of its connection carried the option, so the Trace's `window` is
// the scaled one, with the 16-bit field kept beside it. Walked in capture order by the state
// inference (infer.ts), per side of each connection (side 2c: connection c's client, 2c + 1 its
// server); a new connection on the same 4-tuple starts from what the last one left (`copy`).
import * as tcp from '../../tcp';

// Copied once: an imported binding is a getter under tsx (infer.ts).
const { ACK, SYN } = tcp;

/** RFC 7323 2.3: a shift above 14 is used as 14 (the receiver logs the error). */
export const maxWindowShift = 14;

/** `offered` of a side whose SYN is not pending: none seen since, or already answered. */
const noOffer = -2;
/** `offered` of a side whose SYN carried no window-scale option. */
const noOption = -1;

/** Each side's shift, learned from the SYN and SYN,ACK of its connection. */
export class WindowScales {
  /** The shift the side's SYN offered, pending its answer (noOffer, noOption or 0..14). */
  private offered = new Int8Array(128);
  /** The shift the side sends with once its handshake agreed to scale (0 when it did not). */
  private agreed = new Int8Array(128);

  /** Room for `sides` sides. */
  reserve(sides: number): void {
    if (sides <= this.offered.length) return;
    const offered = new Int8Array(sides);
    offered.set(this.offered);
    const agreed = new Int8Array(sides);
    agreed.set(this.agreed);
    this.offered = offered;
    this.agreed = agreed;
  }

  /** A side never seen: no SYN pending, nothing agreed. */
  reset(side: number): void {
    this.reserve(side + 1);
    this.offered[side] = noOffer;
    this.agreed[side] = 0;
  }

  copy(from: number, to: number): void {
    this.offered[to] = this.offered[from] as number;
    this.agreed[to] = this.agreed[from] as number;
  }

  /**
   * The shift of one segment's window field from `sender` to `receiver` (0: not scaled), learning
   * from SYNs; call for every segment, in capture order.
   */
  shift(sender: number, receiver: number, flagBits: number, wscale: number | undefined): number {
    if ((flagBits & SYN) === 0) return this.agreed[sender] as number;
    const shift = wscale === undefined ? noOption : Math.min(wscale, maxWindowShift);
    if ((flagBits & ACK) === 0) {
      // A new SYN starts the 4-tuple again (port reuse): nothing agreed before it holds.
      this.offered[sender] = shift;
      this.agreed[sender] = 0;
      this.agreed[receiver] = 0;
    } else if (this.offered[receiver] !== noOffer) {
      // RFC 7323 2.2: scaling is on in both directions only when both SYNs carried the option.
      const opener = this.offered[receiver] as number;
      this.offered[receiver] = noOffer;
      const both = opener >= 0 && shift >= 0;
      this.agreed[receiver] = both ? opener : 0;
      this.agreed[sender] = both ? shift : 0;
    }
    // RFC 7323 2.3: the window field of a SYN or SYN,ACK is never scaled.
    return 0;
  }
}
