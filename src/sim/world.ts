// The simulated network: virtual clock, event queue, hosts, links and fault rules. It is the
// SimContext every protocol object talks to, and it records the Trace as things happen.
import type { FaultRule } from '../scenario/schema';
import type { DeliverEvent, SegmentEvent, TraceEvent } from '../trace/types';
import type { EventInput, SimContext, TcbOwner, TimerOwner } from './context';
import { EventHeap } from './heap';
import { Host } from './host';
import { Link, type LinkConfig } from './link';
import { wireSize, type Packet, type TcpSegment } from './packet';
import { flagBits, flagNames } from '../tcp';
import { payloadField } from './kernel';
import type { TcpConfig } from './profiles';
import { forkStreams } from './streams';
import { powerOfTwo } from './tcp/window';

export class SimulationError extends Error {}

/** Shared by every segment without options; trace events are never mutated. */
const noOptions: Record<string, unknown> = Object.freeze({});

/** The segment's options as the Trace (and the capture importer) names them: MSS first. Without
 * an MSS the packet's own options object is the event's: neither is changed once sent. */
function segmentOptions(packet: TcpSegment): Record<string, unknown> {
  if (packet.mss === undefined) return (packet.options as Record<string, unknown> | undefined) ?? noOptions;
  return { mss: packet.mss, ...packet.options };
}

type Item =
  | { t: number; order: number; kind: 'deliver'; packet: Packet; to: Host; duplicate: boolean; reason?: string }
  | { t: number; order: number; kind: 'drop'; id: number; reason: string }
  | { t: number; order: number; kind: 'timers'; owner: TimerOwner }
  | { t: number; order: number; kind: 'wake' }
  | { t: number; order: number; kind: 'call'; run: () => void };

export interface WorldLimits {
  maxEvents: number;
  maxDurationUs: number;
}

export interface WorldSetup {
  seed: number;
  tcp: TcpConfig;
  /** In the scenario's order, which is also the order the random streams are forked in. */
  hosts: readonly { name: string; addr: string }[];
  linkFor: (from: string, to: string) => LinkConfig;
  faults: readonly FaultRule[];
  limits: WorldLimits;
}

export class World implements SimContext {
  now = 0;
  readonly tcp: TcpConfig;
  /** The Trace's events so far; handed over whole by takeEvents() when the run ends. */
  private events: TraceEvent[] = [];
  private readonly heap = new EventHeap<Item>();
  private order = 0;
  private packetIds = 0;
  readonly hosts = new Map<string, Host>();
  private readonly hostsByAddr = new Map<string, Host>();
  /** Between hosts: every direction, built with the hosts (each holds its own random streams). */
  private readonly links = new Map<string, Map<string, Link>>();
  /** Towards an address no host has: only the latency matters, for the drop. */
  private readonly unroutable = new Map<string, Map<string, LinkConfig>>();
  private readonly linkFor: (from: string, to: string) => LinkConfig;
  private readonly faults: readonly FaultRule[];
  private readonly limits: WorldLimits;
  private readonly faultCounts: number[];
  /** Sockets touched in this processing step, in the order first touched: an array, since it
   * holds one or two and is walked after every event (a Set's iterator cost more). Its first
   * `touchedCount` slots are the current ones: emptied by a count, since setting an array's
   * length is a call into the runtime, once per processing step. */
  private readonly touched: (TcbOwner | undefined)[] = [];
  private touchedCount = 0;

  constructor(setup: WorldSetup) {
    this.tcp = setup.tcp;
    this.linkFor = setup.linkFor;
    this.faults = setup.faults;
    this.limits = setup.limits;
    this.faultCounts = setup.faults.map(() => 0);
    const streams = forkStreams(setup.seed, setup.hosts);
    for (const { host, random } of streams) {
      const created = new Host(host.name, host.addr, this, random);
      this.hosts.set(host.name, created);
      this.hostsByAddr.set(host.addr, created);
    }
    for (const { host: from, links } of streams) {
      const byTarget = new Map<string, Link>();
      for (const { to, streams: own } of links) byTarget.set(to.name, new Link(setup.linkFor(from.name, to.name), own));
      this.links.set(from.name, byTarget);
    }
  }

  /** The events recorded, for the Trace; the world keeps none (a finished world may be kept, see
   * src/sim/simulator.ts). */
  takeEvents(): TraceEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  hostByAddr(addr: string): Host | undefined {
    return this.hostsByAddr.get(addr);
  }

  emit(event: EventInput): void {
    if (this.events.length >= this.limits.maxEvents) {
      throw new SimulationError(
        `the run exceeded its budget of ${this.limits.maxEvents} trace events at t=${(this.now / 1e6).toFixed(6)} s; raise limits.maxEvents or shorten the scenario`,
      );
    }
    const recorded = event as TraceEvent;
    recorded.t = this.now; // set in place: copying every event doubles the garbage of a bulk run
    this.events.push(recorded);
    // The TCB goes with the event that changed it: a SYN-SENT socket shows its ISS at the state
    // change, SND.NXT moves at the step of the segment that advanced it.
    if (this.touchedCount > 0 && recorded.kind !== 'tcb') this.snapshotTouched();
  }

  touch(owner: TcbOwner): void {
    const touched = this.touched;
    const n = this.touchedCount;
    for (let i = 0; i < n; i++) if (touched[i] === owner) return;
    touched[n] = owner;
    this.touchedCount = n + 1;
  }

  /**
   * Records a `tcb` event for every touched socket whose variables changed, and forgets them:
   * called at the end of each processing step, so a change made after the step's last event
   * (without a new touch) is still recorded.
   */
  flushTcb(): void {
    const n = this.touchedCount;
    if (n === 0) return;
    this.snapshotTouched();
    for (let i = 0; i < n; i++) this.touched[i] = undefined; // no socket kept alive by the list
    this.touchedCount = 0;
  }

  private snapshotTouched(): void {
    const touched = this.touched;
    for (let i = 0; i < this.touchedCount; i++) {
      const snapshot = (touched[i] as TcbOwner).tcbSnapshot();
      if (snapshot !== null) this.emit(snapshot);
    }
  }

  nextPacketId(): number {
    return ++this.packetIds;
  }

  /** Timers and wake-ups due after the time limit: kept aside, since most are cancelled before then. */
  private readonly beyondLimit: Item[] = [];

  private schedule(item: Item): void {
    if (item.t > this.limits.maxDurationUs) {
      if (item.kind === 'timers' || item.kind === 'wake') {
        this.beyondLimit.push(item);
        return;
      }
      throw this.limitError(`a packet is due at ${(item.t / 1e6).toFixed(6)} s`);
    }
    this.heap.push(item);
  }

  /**
   * Called when nothing is left before the limit: if a timer or a wake-up that still matters was
   * set aside, the run cannot finish within its limit, and that is an error, not a quiet end.
   */
  checkNothingBeyondLimit(isLive: (t: number, owner: TimerOwner | null) => boolean): void {
    for (const item of this.beyondLimit) {
      const owner = item.kind === 'timers' ? item.owner : null;
      if ((item.kind === 'timers' || item.kind === 'wake') && isLive(item.t, owner)) {
        throw this.limitError(
          `a ${item.kind === 'timers' ? 'timer' : 'program'} is due at ${(item.t / 1e6).toFixed(6)} s`,
        );
      }
    }
  }

  private limitError(what: string): SimulationError {
    return new SimulationError(
      `the run went past its time limit of ${this.limits.maxDurationUs / 1e6} s of virtual time (${what}); raise limits.maxDurationMs`,
    );
  }

  wakeAt(t: number, owner: TimerOwner): void {
    this.schedule({ t, order: this.order++, kind: 'timers', owner });
  }

  wakeThreadsAt(t: number): void {
    this.schedule({ t, order: this.order++, kind: 'wake' });
  }

  at(t: number, run: () => void): void {
    this.schedule({ t, order: this.order++, kind: 'call', run });
  }

  hasPending(): boolean {
    return this.heap.size > 0;
  }

  /** Advances the clock to the next scheduled item and runs it. Returns false when none is left. */
  step(): boolean {
    const item = this.heap.pop();
    if (!item) return false;
    this.now = item.t;
    switch (item.kind) {
      case 'deliver':
        if (item.to.crashed) this.emit({ kind: 'drop', id: item.packet.id, reason: 'host down' });
        else {
          const target = item.to.lookup(item.packet);
          this.emit(deliverEvent(item.packet.id, item.to.name, target?.fd, item.duplicate, item.reason));
          item.to.receive(item.packet, target);
        }
        break;
      case 'drop':
        this.emit({ kind: 'drop', id: item.id, reason: item.reason });
        break;
      case 'timers':
        // Timers are data: an entry whose timer was re-armed or cancelled since is simply stale.
        if (item.owner.hasTimerAt(item.t)) item.owner.runTimers();
        break;
      case 'call':
        item.run();
        break;
      case 'wake':
        break;
    }
    this.flushTcb();
    return true;
  }

  private link(from: Host, to: Host): Link {
    const link = this.links.get(from.name)?.get(to.name);
    if (!link) throw new SimulationError(`no link from ${from.name} to ${to.name}`);
    return link;
  }

  private linkConfig(from: Host, to: Host | undefined, toName: string): LinkConfig {
    if (to) return this.link(from, to).config;
    let byTarget = this.unroutable.get(from.name);
    if (!byTarget) this.unroutable.set(from.name, (byTarget = new Map()));
    let config = byTarget.get(toName);
    if (!config) byTarget.set(toName, (config = this.linkFor(from.name, toName)));
    return config;
  }

  /**
   * A crafted segment (an inject rule, src/sim/inject.ts): drawn as sent from the host it pretends
   * to come from, and delivered at the same instant, past the link and the other fault rules.
   */
  injectSegment(packet: TcpSegment, from: Host, to: Host): void {
    this.record(packet, from.name, to.name);
    this.schedule({ t: this.now, order: this.order++, kind: 'deliver', packet, to, duplicate: false });
  }

  /** Records the packet leaving its host, then lets the link and the fault rules decide its fate. */
  transmit(packet: Packet): void {
    const from = this.hostsByAddr.get(packet.srcAddr);
    if (!from || from.crashed) return;
    if (packet.proto === 'udp' && packet.broadcast) {
      // One copy per receiving host, each with its own id, so the diagram draws one arrow each.
      let first = true;
      for (const to of this.hosts.values()) {
        if (to === from) continue;
        this.carry(first ? packet : { ...packet, id: this.nextPacketId(), copyOf: packet.id }, from, to);
        first = false;
      }
      return;
    }
    this.carry(packet, from, this.hostsByAddr.get(packet.dstAddr));
  }

  private carry(packet: Packet, from: Host, to: Host | undefined): void {
    const toName = to?.name ?? packet.dstAddr;
    this.record(packet, from.name, toName);
    const link = to ? this.link(from, to) : null; // looked up once per packet
    const config = link ? link.config : this.linkConfig(from, to, toName);
    const fault = this.faults.length === 0 ? null : this.packetFaults(packet, from.name, toName);
    if (fault !== null && fault.drop !== null) {
      this.schedule({
        t: this.now + Math.floor(config.latencyUs / 2),
        order: this.order++,
        kind: 'drop',
        id: packet.id,
        reason: `fault rule ${fault.drop + 1}`,
      });
      return;
    }
    if (!to || !link) {
      this.schedule({
        t: this.now + config.latencyUs,
        order: this.order++,
        kind: 'drop',
        id: packet.id,
        reason: `no host at ${packet.dstAddr}`,
      });
      return;
    }
    const verdict = link.carry(this.now, wireSize(packet));
    if (verdict.lost) {
      this.schedule({ t: verdict.atUs, order: this.order++, kind: 'drop', id: packet.id, reason: 'lost on the link' });
      return;
    }
    if (fault !== null) {
      const arrivals = verdict.duplicated ? [verdict.arrivalUs, verdict.copyUs] : [verdict.arrivalUs];
      this.deliverFaulted(packet, to, arrivals, fault, config.latencyUs);
      return;
    }
    this.schedule({ t: verdict.arrivalUs, order: this.order++, kind: 'deliver', packet, to, duplicate: false });
    if (verdict.duplicated)
      this.schedule({ t: verdict.copyUs, order: this.order++, kind: 'deliver', packet, to, duplicate: true });
  }

  /**
   * The link's arrivals as the delay and duplicate rules change them: each arrival `delayUs` later
   * (so packets sent after it can overtake it: the receiver then holds them out of order, RFC 9293
   * 3.10.7.4), then one copy per duplicate rule, each one link latency after the first arrival.
   * A copy one latency later is one that took a second trip (a link layer resending a frame whose
   * acknowledgement it lost): the receiver has handled the original before it comes, so its answer
   * to the copy (an ACK at once for a segment below RCV.NXT, RFC 9293 3.10.7.4 first check) is
   * drawn apart from its answer to the original. Each delivery the rules moved or made names them.
   */
  private deliverFaulted(packet: Packet, to: Host, arrivals: number[], fault: PacketFault, latencyUs: number): void {
    const delayed = fault.delayRules.length > 0 ? faultReason(fault.delayRules) : undefined;
    for (let i = 0; i < arrivals.length; i++) {
      const t = (arrivals[i] as number) + fault.delayUs;
      this.schedule({ t, order: this.order++, kind: 'deliver', packet, to, duplicate: i > 0, reason: delayed });
    }
    const first = (arrivals[0] as number) + fault.delayUs;
    fault.copyRules.forEach((rule, k) => {
      const t = first + (k + 1) * Math.max(latencyUs, 1);
      const reason = faultReason([...fault.delayRules, rule].sort((a, b) => a - b));
      this.schedule({ t, order: this.order++, kind: 'deliver', packet, to, duplicate: true, reason });
    });
  }

  /** `addr:port` names by address then port: made once per endpoint and shared by its segments'
   * events, rather than two new strings per segment kept by the Trace (a bulk run has 10,000). */
  private readonly endpointNames = new Map<string, Map<number, string>>();

  private endpointName(addr: string, port: number): string {
    let byPort = this.endpointNames.get(addr);
    if (byPort === undefined) this.endpointNames.set(addr, (byPort = new Map()));
    let name = byPort.get(port);
    if (name === undefined) byPort.set(port, (name = `${addr}:${port}`));
    return name;
  }

  /** A segment's event, keys in the Trace's order. A segment of a connection with window scaling
   * (every one after a Linux handshake) is one literal with its window fields and socket: keys
   * added after a literal cost a separate property store per event, and there is one per segment. */
  private segmentEvent(packet: TcpSegment, from: string, to: string): SegmentEvent {
    const src = this.endpointName(packet.srcAddr, packet.srcPort);
    const dst = this.endpointName(packet.dstAddr, packet.dstPort);
    const flags = flagNames(packet.flags);
    const { windowShift, socket } = packet;
    let event: SegmentEvent;
    if (windowShift !== undefined && socket !== undefined) {
      event = {
        t: this.now,
        kind: 'segment',
        id: packet.id,
        from,
        to,
        src,
        dst,
        flags,
        seq: packet.seq,
        ack: packet.ack,
        window: packet.window,
        len: packet.data.length,
        options: segmentOptions(packet),
        payload: payloadField(packet.data),
        windowRaw: packet.window / powerOfTwo(windowShift),
        windowShift,
        socket,
      };
    } else {
      event = {
        t: this.now,
        kind: 'segment',
        id: packet.id,
        from,
        to,
        src,
        dst,
        flags,
        seq: packet.seq,
        ack: packet.ack,
        window: packet.window,
        len: packet.data.length,
        options: segmentOptions(packet),
        payload: payloadField(packet.data),
      };
      if (windowShift !== undefined) {
        event.windowRaw = packet.window / powerOfTwo(windowShift);
        event.windowShift = windowShift;
      }
      if (socket !== undefined) event.socket = socket;
    }
    if (packet.retransmission) event.retransmission = true;
    if (packet.probe) event.probe = packet.probe;
    if (packet.crafted !== undefined) event.crafted = packet.crafted;
    return event;
  }

  private record(packet: Packet, from: string, to: string): void {
    switch (packet.proto) {
      case 'tcp':
        this.emit(this.segmentEvent(packet, from, to));
        return;
      case 'udp':
        this.emit({
          kind: 'datagram',
          id: packet.id,
          from,
          to,
          src: `${packet.srcAddr}:${packet.srcPort}`,
          dst: `${packet.dstAddr}:${packet.dstPort}`,
          len: packet.data.length,
          payload: payloadField(packet.data),
          ...(packet.socket !== undefined ? { socket: packet.socket } : {}),
          ...(packet.broadcast ? { broadcast: true } : {}),
          ...(packet.copyOf !== undefined ? { copyOf: packet.copyOf } : {}),
        });
        return;
      case 'icmp':
        this.emit({ kind: 'icmp', id: packet.id, from, to, type: packet.type, about: packet.about.id });
        return;
    }
  }

  /**
   * What the packet rules do to this packet, or null when none takes it. Every drop, delay and
   * duplicate rule of its direction whose filter it passes counts it, in the scenario's order; a
   * rule whose nth comes up takes it. A drop ends the walk: the packet is gone, and the rules after
   * it neither count it nor act on it. A delay or a duplicate lets the walk go on (the packet still
   * travels), so later rules count it too and may delay it more, copy it, or drop it after all.
   * src/store/faults.ts counts the same way to build a learner's rule from a clicked packet.
   */
  private packetFaults(packet: Packet, from: string, to: string): PacketFault | null {
    let fault: PacketFault | null = null;
    for (let i = 0; i < this.faults.length; i++) {
      const rule = this.faults[i];
      if (rule === undefined || !passesFilter(rule, packet, from, to)) continue;
      const count = (this.faultCounts[i] ?? 0) + 1;
      this.faultCounts[i] = count;
      if (!(Array.isArray(rule.nth) ? rule.nth.includes(count) : rule.nth === count)) continue;
      if (rule.type === 'drop') return { drop: i, delayUs: 0, delayRules: [], copyRules: [] };
      fault ??= { drop: null, delayUs: 0, delayRules: [], copyRules: [] };
      if (rule.type === 'delay') {
        fault.delayUs += Math.round(rule.ms * 1000);
        fault.delayRules.push(i + 1);
      } else fault.copyRules.push(i + 1);
    }
    return fault;
  }
}

type PacketRule = Extract<FaultRule, { type: 'drop' | 'delay' | 'duplicate' }>;

/** What the packet rules decided: a drop (the rule's index), or a delay and copies (rule numbers from 1). */
interface PacketFault {
  drop: number | null;
  delayUs: number;
  /** The delay rules that took the packet, and the duplicate rules, one copy each. */
  delayRules: number[];
  copyRules: number[];
}

/** A `deliver` event, keys in the Trace's order. The usual one (to a socket, the link's own copy)
 * is one literal with `t` last, which World.emit sets in place: a key added after the literal
 * costs a separate property store per event, and a bulk run delivers every segment. */
function deliverEvent(
  id: number,
  host: string,
  socket: number | undefined,
  duplicate: boolean,
  reason: string | undefined,
): Omit<DeliverEvent, 't'> {
  if (socket !== undefined && !duplicate && reason === undefined) {
    const usual: DeliverEvent = { kind: 'deliver', id, host, socket, t: 0 };
    return usual;
  }
  const event: Omit<DeliverEvent, 't'> = { kind: 'deliver', id, host };
  if (socket !== undefined) event.socket = socket;
  if (duplicate) event.duplicate = true;
  if (reason !== undefined) event.reason = reason;
  return event;
}

/** A delivery's reason, as a drop's: `fault rule 3`, or `fault rule 1, fault rule 3`. */
const faultReason = (rules: readonly number[]): string => rules.map((n) => `fault rule ${n}`).join(', ');

/** Whether `rule` is a packet rule of this direction whose filter the packet passes (ICMP never does). */
function passesFilter(rule: FaultRule, packet: Packet, from: string, to: string): rule is PacketRule {
  if (rule.type !== 'drop' && rule.type !== 'delay' && rule.type !== 'duplicate') return false;
  if (rule.from !== from || rule.to !== to || packet.proto === 'icmp') return false;
  if (rule.protocol !== undefined && rule.protocol !== packet.proto) return false;
  if (packet.proto === 'tcp') {
    const wanted = flagBits(rule.flags ?? []);
    if ((packet.flags & wanted) !== wanted) return false;
  } else if (rule.flags !== undefined && rule.flags.length > 0) return false;
  return rule.hasData === undefined || rule.hasData === packet.data.length > 0;
}
