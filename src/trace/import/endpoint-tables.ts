// Lookup tables the importer keeps while it walks a capture, each bounded (CONVENTIONS.md: a
// limit on everything) and keyed without building a string per packet.
import { endpointText } from './address';
import type { IpHeader } from './types';

/** Entries a table keeps before it starts again (a hostile capture may name millions). */
export const maxCachedEndpoints = 65_536;
/**
 * Slots of a pure cache (one whose answers do not depend on what it forgot). Fixed arrays, one
 * entry per slot, overwritten in place: a SYN flood names a new endpoint per packet, and a cache
 * that grew and was cleared (a Map) made tables and strings that lived long enough for V8 to move
 * them to the old generation, where they filled the heap until a full collection (issue 15,
 * finding 8: that garbage was most of the CLI's memory on a 200,000-SYN capture).
 */
const slotBits = 10;
export const cacheSlots = 1 << slotBits;

const twoTo32 = 2 ** 32;

/** The slot of a number below 2^53: the top bits of a Fibonacci hash of both halves. */
function slotOf(key: number): number {
  const low = key >>> 0;
  const high = (key / twoTo32) >>> 0;
  return Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> (32 - slotBits);
}

/** Texts by a number below 2^53, `cacheSlots` of them, a newer one taking an older one's slot. */
export class TextCache {
  private readonly keys = new Float64Array(cacheSlots).fill(-1);
  private readonly texts: string[] = new Array<string>(cacheSlots).fill('');

  get(key: number): string | undefined {
    const slot = slotOf(key);
    return this.keys[slot] === key ? this.texts[slot] : undefined;
  }

  set(key: number, text: string): void {
    const slot = slotOf(key);
    this.keys[slot] = key;
    this.texts[slot] = text;
  }
}

/** Texts by a text (a host name by endpoint), `cacheSlots` of them, as TextCache. */
export class TextByTextCache {
  private readonly keys: string[] = new Array<string>(cacheSlots).fill('');
  private readonly texts: string[] = new Array<string>(cacheSlots).fill('');

  get(key: string): string | undefined {
    const slot = textSlot(key);
    return this.keys[slot] === key && key !== '' ? this.texts[slot] : undefined;
  }

  set(key: string, text: string): void {
    const slot = textSlot(key);
    this.keys[slot] = key;
    this.texts[slot] = text;
  }
}

/** FNV-1a over the text's code units, as a slot. */
function textSlot(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) & (cacheSlots - 1);
}

/** "addr:port" texts, one string per endpoint for as long as it stays in the cache. */
export class EndpointTable {
  private readonly keys = new EndpointKeys();
  /** The last two endpoints asked for (a segment's source and destination, again and again). */
  private lastAddr = ['', ''];
  private lastPort = [-1, -1];
  private lastText = ['', ''];
  private lastSlot = 0;
  /** The same by key, for IPv4 endpoints keyed by the address's value. */
  private lastKey = [-1, -1];
  private lastKeyText = ['', ''];
  private lastKeySlot = 0;

  /** The "addr:port" of a header's source (by the IPv4 value when the decoder gave it, decode.ts). */
  source(ip: IpHeader, port: number): string {
    const value = ip.srcValue;
    return value !== undefined && value >= 0 ? this.ofKey(value * 65536 + port) : this.text(ip.src, port);
  }

  destination(ip: IpHeader, port: number): string {
    const value = ip.dstValue;
    return value !== undefined && value >= 0 ? this.ofKey(value * 65536 + port) : this.text(ip.dst, port);
  }

  private ofKey(key: number): string {
    const last = this.lastKey;
    if (key === last[0]) return this.lastKeyText[0] as string;
    if (key === last[1]) return this.lastKeyText[1] as string;
    const text = this.keys.text(key);
    const slot = (this.lastKeySlot ^= 1);
    last[slot] = key;
    this.lastKeyText[slot] = text;
    return text;
  }

  text(addr: string, port: number): string {
    const last = this.lastAddr;
    if (port === this.lastPort[0] && addr === last[0]) return this.lastText[0] as string;
    if (port === this.lastPort[1] && addr === last[1]) return this.lastText[1] as string;
    const text = this.keys.text(this.keys.key(addr, port));
    const slot = (this.lastSlot ^= 1);
    last[slot] = addr;
    this.lastPort[slot] = port;
    this.lastText[slot] = text;
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

/**
 * Endpoints as numbers, so the state inference keeps no string per connection: an IPv4 address
 * is its 32-bit value, an IPv6 address 2^32 + its number among the capture's IPv6 addresses, and
 * the key is address * 65536 + port (below 2^53). `text` gives back the endpoint's "addr:port".
 */
export class EndpointKeys {
  /** Every IPv6 address seen, once each (as many as the capture holds, no more). */
  private readonly ipv6 = new Map<string, number>();
  private readonly ipv6Names: string[] = [];
  private readonly texts = new TextCache();

  key(addr: string, port: number): number {
    return this.address(addr) * 65536 + port;
  }

  /** The key of a header's source: from the IPv4 value when the decoder gave it (decode.ts), the same number. */
  source(ip: IpHeader, port: number): number {
    const value = ip.srcValue;
    return value !== undefined && value >= 0 ? value * 65536 + port : this.key(ip.src, port);
  }

  destination(ip: IpHeader, port: number): number {
    const value = ip.dstValue;
    return value !== undefined && value >= 0 ? value * 65536 + port : this.key(ip.dst, port);
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

  /** A dotted IPv4 text is read again each time (cheaper than a lookup); an IPv6 one is numbered. */
  private lookUp(addr: string): number {
    if (!addr.includes(':')) return dottedValue(addr);
    let value = this.ipv6.get(addr);
    if (value === undefined) {
      value = twoTo32 + this.ipv6Names.length;
      this.ipv6.set(addr, value);
      this.ipv6Names.push(addr);
    }
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
