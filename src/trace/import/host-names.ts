// The host-naming pass of captureToTrace: every address a packet names becomes a Trace host,
// called by the user's name for it (by endpoint, then by address) or by the address itself.
import type { TraceHost } from '../types';
import { traceLimits } from '../validate';
import { TextByTextCache } from './endpoint-tables';

/** The host name given to every address past traceLimits.maxHosts - 1 distinct ones. */
export const otherHosts = 'other hosts';

/** Host names: the user's (by endpoint, then by address), else the address itself. */
export class HostTable {
  private readonly byEndpoint = new TextByTextCache();
  private readonly hosts = new Map<string, TraceHost>();

  /**
   * Whether any name was given. Most imports have none, and asking an empty object whether it has
   * a key still costs a string-table lookup of the key (a text made for this endpoint): 2 % of an
   * import of 1,000 connections (issue 9).
   */
  private readonly anyNames: boolean;

  constructor(private readonly names: Record<string, string>) {
    this.anyNames = Object.keys(names).length > 0;
  }

  /** The last two endpoints named (a segment's source and destination, again and again). */
  private lastEndpoint = ['', ''];
  private lastName = ['', ''];
  private lastSlot = 0;

  forEndpoint(endpoint: string): string {
    const last = this.lastEndpoint;
    if (endpoint === last[0]) return this.lastName[0] as string;
    if (endpoint === last[1]) return this.lastName[1] as string;
    const name = this.lookUp(endpoint);
    const slot = (this.lastSlot ^= 1);
    last[slot] = endpoint;
    this.lastName[slot] = name;
    return name;
  }

  private lookUp(endpoint: string): string {
    let name = this.byEndpoint.get(endpoint);
    if (name === undefined) {
      const addr = endpoint.startsWith('[')
        ? endpoint.slice(1, endpoint.indexOf(']'))
        : endpoint.slice(0, endpoint.lastIndexOf(':'));
      const own = this.named(endpoint);
      if (own !== undefined && this.add(own, addr)) name = own;
      else name = this.forAddress(addr);
      this.byEndpoint.set(endpoint, name);
    }
    return name;
  }

  forAddress(addr: string): string {
    const name = this.named(addr) ?? addr;
    return this.add(name, addr) ? name : otherHosts;
  }

  /** The hosts, in the order packets first named them. */
  list(): TraceHost[] {
    return [...this.hosts.values()];
  }

  /** The number of hosts a trace may hold is bounded: past it, hosts share one catch-all name. */
  get overflowed(): boolean {
    return this.hosts.has(otherHosts);
  }

  /** True when `name` is (now) a host; false when the table is full. */
  private add(name: string, addr: string): boolean {
    if (this.hosts.has(name)) return true;
    if (this.hosts.size >= traceLimits.maxHosts - 1) {
      if (!this.hosts.has(otherHosts)) this.hosts.set(otherHosts, { name: otherHosts, addr: '0.0.0.0' });
      return false;
    }
    this.hosts.set(name, { name, addr });
    return true;
  }

  private named(key: string): string | undefined {
    if (!this.anyNames || !Object.hasOwn(this.names, key)) return undefined;
    const name = this.names[key];
    if (typeof name !== 'string') return undefined;
    const trimmed = name.trim();
    return trimmed.length > 0 && trimmed.length <= traceLimits.maxNameChars ? trimmed : undefined;
  }
}
