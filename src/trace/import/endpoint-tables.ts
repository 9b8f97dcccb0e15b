// Lookup tables the importer keeps while it walks a capture, each bounded (CONVENTIONS.md: a
// limit on everything) and keyed without building a string per packet.
import { endpointText } from './address';

/** Entries a table keeps before it starts again (a hostile capture may name millions). */
export const maxCachedEndpoints = 65_536;

/** "addr:port" texts, one string per endpoint however many packets name it. */
export class EndpointTable {
  private readonly byAddress = new Map<string, Map<number, string>>();
  private size = 0;

  text(addr: string, port: number): string {
    let ports = this.byAddress.get(addr);
    if (ports === undefined) {
      if (this.size >= maxCachedEndpoints) {
        this.byAddress.clear();
        this.size = 0;
      }
      this.byAddress.set(addr, (ports = new Map()));
    }
    let text = ports.get(port);
    if (text === undefined) {
      text = endpointText(addr, port);
      ports.set(port, text);
      this.size++;
    }
    return text;
  }
}

/** The last packet id per (source, destination) endpoint pair, for ICMP errors that quote it. */
export class FlowTable {
  private readonly bySource = new Map<string, Map<string, number>>();

  set(src: string, dst: string, id: number): void {
    let inner = this.bySource.get(src);
    if (inner === undefined) {
      if (this.bySource.size >= maxCachedEndpoints) this.bySource.clear();
      this.bySource.set(src, (inner = new Map()));
    }
    if (inner.size >= maxCachedEndpoints) inner.clear();
    inner.set(dst, id);
  }

  get(src: string, dst: string): number | undefined {
    return this.bySource.get(src)?.get(dst);
  }
}
