// The window-scale pass of the importer (RFC 7323 2): a segment's window field counts units of
// 2^shift bytes once both SYNs of its connection carried the option, so the Trace's `window` is
// the scaled one, with the 16-bit field kept beside it. Walked in capture order, one table per capture.
import { ACK, SYN } from '../../tcp';
import { maxCachedEndpoints } from './endpoint-tables';

/** RFC 7323 2.3: a shift above 14 is used as 14 (the receiver logs the error). */
export const maxWindowShift = 14;

export interface ScaledWindow {
  /** Bytes the receiver may send: the field times 2^shift. */
  window: number;
  /** Present only when the field is scaled (a known shift above 0): the field and the shift. */
  raw?: number;
  shift?: number;
}

/** Each direction's shift, learned from the SYN and SYN,ACK of its connection. */
export class WindowScales {
  /** The shift the active opener's SYN offered, by "src|dst" of that SYN (undefined: no option). */
  private readonly offered = new Map<string, number | undefined>();
  /** The shift each sender uses once its connection's handshake agreed to scale (0 when it did not). */
  private readonly agreed = new Map<string, number>();

  /** The window of one segment from `src` to `dst`; call for every segment, in capture order. */
  window(src: string, dst: string, flagBits: number, field: number, wscale: number | undefined): ScaledWindow {
    const forward = `${src}|${dst}`;
    if ((flagBits & SYN) !== 0) {
      this.learn(forward, `${dst}|${src}`, (flagBits & ACK) !== 0, wscale);
      // RFC 7323 2.3: the window field of a SYN or SYN,ACK is never scaled.
      return { window: field };
    }
    const shift = this.agreed.get(forward) ?? 0;
    return shift === 0 ? { window: field } : { window: field * 2 ** shift, raw: field, shift };
  }

  private learn(forward: string, backward: string, synAck: boolean, wscale: number | undefined): void {
    const shift = wscale === undefined ? undefined : Math.min(wscale, maxWindowShift);
    if (!synAck) {
      // A new SYN starts the 4-tuple again (port reuse): nothing agreed before it holds.
      this.bound(this.offered);
      this.offered.set(forward, shift);
      this.agreed.delete(forward);
      this.agreed.delete(backward);
      return;
    }
    // RFC 7323 2.2: scaling is on in both directions only when both SYNs carried the option.
    if (!this.offered.has(backward)) return;
    const opener = this.offered.get(backward);
    this.offered.delete(backward);
    const both = opener !== undefined && shift !== undefined;
    this.bound(this.agreed);
    this.agreed.set(backward, both ? opener : 0);
    this.agreed.set(forward, both ? shift : 0);
  }

  /** A hostile capture may open millions of connections: the tables start again past a limit. */
  private bound(table: Map<string, unknown>): void {
    if (table.size >= maxCachedEndpoints) table.clear();
  }
}
