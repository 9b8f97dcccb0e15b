// Lookup tables the importer keeps while it walks a capture, each bounded (CONVENTIONS.md: a
// limit on everything) and keyed without building a string per packet.
import { endpointText } from './address';

/** Entries a table keeps before it starts again (a hostile capture may name millions). */
export const maxCachedEndpoints = 65_536;
/**
 * Entries a pure cache keeps (one whose answers do not depend on what it forgot): small, since a
 * SYN flood names a new endpoint per packet and every forgotten entry is garbage to collect.
 */
export const maxCachedTexts = 8192;

/** "addr:port" texts, one string per endpoint however many packets name it. */
export class EndpointTable {
  private readonly byAddress = new Map<string, Map<number, string>>();
  private size = 0;
  /** The last two endpoints asked for (a segment's source and destination, again and again). */
  private lastAddr = ['', ''];
  private lastPort = [-1, -1];
  private lastText = ['', ''];
  private lastSlot = 0;

  text(addr: string, port: number): string {
    const last = this.lastAddr;
    if (port === this.lastPort[0] && addr === last[0]) return this.lastText[0] as string;
    if (port === this.lastPort[1] && addr === last[1]) return this.lastText[1] as string;
    const text = this.lookUp(addr, port);
    const slot = (this.lastSlot ^= 1);
    last[slot] = addr;
    this.lastPort[slot] = port;
    this.lastText[slot] = text;
    return text;
  }

  private lookUp(addr: string, port: number): string {
    let ports = this.byAddress.get(addr);
    if (ports === undefined) {
      if (this.size >= maxCachedTexts) {
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

const twoTo32 = 2 ** 32;

/**
 * Endpoints as numbers, so the state inference keeps no string per connection: an IPv4 address
 * is its 32-bit value, an IPv6 address 2^32 + its number among the capture's IPv6 addresses, and
 * the key is address * 65536 + port (below 2^53). `text` gives back the endpoint's "addr:port".
 */
export class EndpointKeys {
  /** Address texts already read, bounded; past the limit an address is read again. */
  private readonly ipv4 = new Map<string, number>();
  /** Every IPv6 address seen, once each (as many as the capture holds, no more). */
  private readonly ipv6 = new Map<string, number>();
  private readonly ipv6Names: string[] = [];
  private readonly texts = new Map<number, string>();

  key(addr: string, port: number): number {
    return this.address(addr) * 65536 + port;
  }

  text(key: number): string {
    let text = this.texts.get(key);
    if (text === undefined) {
      const address = Math.floor(key / 65536);
      const port = key - address * 65536;
      const addr =
        address < twoTo32
          ? `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`
          : (this.ipv6Names[address - twoTo32] as string);
      text = endpointText(addr, port);
      if (this.texts.size >= maxCachedTexts) this.texts.clear();
      this.texts.set(key, text);
    }
    return text;
  }

  /** The last two addresses read (a segment's source and destination, again and again). */
  private lastAddr = ['', ''];
  private lastValue = [0, 0];
  private lastSlot = 0;

  private address(addr: string): number {
    const last = this.lastAddr;
    if (addr === last[0]) return this.lastValue[0] as number;
    if (addr === last[1]) return this.lastValue[1] as number;
    const value = this.lookUp(addr);
    const slot = (this.lastSlot ^= 1);
    last[slot] = addr;
    this.lastValue[slot] = value;
    return value;
  }

  private lookUp(addr: string): number {
    let value = this.ipv4.get(addr);
    if (value !== undefined) return value;
    if (addr.includes(':')) {
      value = this.ipv6.get(addr);
      if (value === undefined) {
        value = twoTo32 + this.ipv6Names.length;
        this.ipv6.set(addr, value);
        this.ipv6Names.push(addr);
      }
      return value;
    }
    value = dottedValue(addr);
    if (this.ipv4.size >= maxCachedTexts) this.ipv4.clear();
    this.ipv4.set(addr, value);
    return value;
  }
}

/** The 32-bit value of a dotted IPv4 text as the decoder writes it. */
function dottedValue(addr: string): number {
  let value = 0;
  let part = 0;
  for (let i = 0; i < addr.length; i++) {
    const c = addr.charCodeAt(i);
    if (c === 46) {
      value = value * 256 + part;
      part = 0;
    } else part = part * 10 + (c - 48);
  }
  return value * 256 + part;
}
