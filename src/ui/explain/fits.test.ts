// Every event of every built-in lesson gets an explanation that fits it: the test derives the
// facts from the raw events itself (not through the query layer the explanation uses) and checks
// what the chosen entry claims (`says`, `arrives`, `causes`/`to`, its id), never its English.
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenario/library';
import { simulate } from '../../sim';
import type { TcpState } from '../../tcp';
import type { PacketEvent } from '../../trace/query';
import type { SegmentEvent, Trace, TraceEvent } from '../../trace/types';
import { explainAt, type Explanation } from './explain';
import type { Arrival } from './table';

/** Entries meant for events the Trace says too little about; a lesson's events never need them. */
const fallbacks = new Set(['state.generic', 'return.ok', 'segment.ack', 'deliver.segment']);
const seeds = [1, 2, 3];

const flag = (segment: SegmentEvent, name: SegmentEvent['flags'][number]) => segment.flags.includes(name);
const isPureAck = (segment: SegmentEvent) =>
  segment.len === 0 &&
  segment.probe === undefined &&
  !['SYN', 'FIN', 'RST'].some((name) => segment.flags.includes(name as never));

/** What arrived, as a learner would name it from the segment's header. */
function arrival(segment: SegmentEvent): Arrival {
  if (flag(segment, 'RST')) return 'rst';
  if (flag(segment, 'SYN')) return flag(segment, 'ACK') ? 'syn-ack' : 'syn';
  if (segment.probe !== undefined) return 'probe';
  if (segment.retransmission === true) return 'retransmission';
  if (flag(segment, 'FIN')) return 'fin';
  return segment.len > 0 ? 'data' : 'ack';
}

/** The facts the checks need, gathered by a plain walk over the events. */
interface Walk {
  stateOf: Map<string, TcpState>;
  packets: Map<number, PacketEvent>;
  /** Directions "src>dst" whose sender has received the peer's FIN. */
  finArrivedAt: Set<string>;
  /** The latest ack sent in each direction "src>dst". */
  lastAckFrom: Map<string, number>;
  /** Each socket's state when its program called close(), until the return. */
  stateAtClose: Map<string, TcpState | undefined>;
}

function checkSegment(segment: SegmentEvent, found: Explanation, walk: Walk, where: string): void {
  const says = found.entry?.says ?? [];
  const senderState = segment.socket === undefined ? undefined : walk.stateOf.get(`${segment.from}/${segment.socket}`);
  if (flag(segment, 'FIN') && !flag(segment, 'RST')) {
    expect(says, where).toContain('closes');
    if (senderState === 'LAST-ACK') {
      expect(says, where).not.toContain('other-direction-open');
      if (segment.retransmission !== true && segment.len === 0) expect(says, where).toContain('both-closed');
    }
    if (!walk.finArrivedAt.has(`${segment.src}>${segment.dst}`) && segment.len === 0 && segment.retransmission !== true)
      expect(says, where).toContain('other-direction-open');
  }
  if (segment.len > 0) expect(says, where).toContain('sends-data');
  if (isPureAck(segment)) {
    expect(says, where).not.toContain('sends-data');
    const previous = walk.lastAckFrom.get(`${segment.src}>${segment.dst}`);
    if (segment.window > 0 && previous === segment.ack) expect(says, where).toContain('acks-nothing-new');
    if (segment.window > 0 && previous !== undefined && previous !== segment.ack)
      expect(says, where).not.toContain('acks-nothing-new');
  }
}

function checkEvent(trace: Trace, index: number, walk: Walk, where: string): boolean {
  const event = trace.events[index]!;
  if (event.kind === 'tcb') return false;
  const found = explainAt(trace, index);
  expect(found, where).toBeDefined();
  if (found === undefined) return true;
  expect(fallbacks.has(found.id), `${where} fell back to ${found.id}`).toBe(false);
  for (const text of [found.text.en, found.text.fr]) {
    expect(text, where).not.toBe('');
    expect(text, where).not.toMatch(/\{\w+\}/);
  }
  if (event.kind === 'segment') checkSegment(event, found, walk, where);
  if (event.kind === 'deliver') {
    const packet = walk.packets.get(event.id);
    const expected: Arrival | undefined =
      event.duplicate === true ? 'duplicate' : packet?.kind === 'segment' ? arrival(packet) : packet?.kind;
    expect(found.entry?.arrives, `${where}: ${found.id}`).toBe(expected);
    // A FIN reaching a socket that already sent its own FIN closes the last open direction.
    const receiver = event.socket === undefined ? undefined : walk.stateOf.get(`${event.host}/${event.socket}`);
    if (expected === 'fin' && receiver !== undefined && /^(FIN-WAIT|CLOSING)/.test(receiver))
      expect(found.entry?.says, where).toEqual(expect.arrayContaining(['both-closed']));
    if (expected === 'fin' && receiver === 'ESTABLISHED')
      expect(found.entry?.says, where).toEqual(expect.arrayContaining(['other-direction-open']));
  }
  if (event.kind === 'return' && event.call === 'close' && event.errno === undefined) {
    // Only a close() that leaves a closing handshake running may say the kernel finishes one.
    const key = `${event.host}/${event.socket}`;
    const atCall = walk.stateAtClose.get(key);
    const handshakeLeft =
      atCall !== undefined &&
      !['LISTEN', 'CLOSED', 'TIME-WAIT', 'SYN-SENT'].includes(atCall) &&
      walk.stateOf.get(key) !== 'CLOSED';
    expect(found.entry?.says?.includes('kernel-finishes-close') ?? false, `${where}: ${found.id}`).toBe(handshakeLeft);
  }
  if (event.kind === 'state') {
    const exact = found.id === `state.${event.from}>${event.to}`;
    const byCause =
      (found.entry?.causes?.includes(event.reason) ?? false) && (found.entry?.to?.includes(event.to) ?? false);
    expect(exact || byCause, `${where}: ${found.id}`).toBe(true);
    expect(found.rfc.length, where).toBeGreaterThan(0);
  }
  if (event.kind === 'segment' || event.kind === 'deliver' || event.kind === 'drop')
    expect(found.rfc.length, where).toBeGreaterThan(0);
  return true;
}

function advance(walk: Walk, event: TraceEvent): void {
  if (event.kind === 'call' && event.call === 'close')
    walk.stateAtClose.set(`${event.host}/${event.socket}`, walk.stateOf.get(`${event.host}/${event.socket}`));
  if (event.kind === 'state') walk.stateOf.set(`${event.host}/${event.socket}`, event.to);
  if (event.kind === 'segment' || event.kind === 'datagram' || event.kind === 'icmp')
    if (!walk.packets.has(event.id)) walk.packets.set(event.id, event);
  if (event.kind === 'segment' && flag(event, 'ACK')) walk.lastAckFrom.set(`${event.src}>${event.dst}`, event.ack);
  if (event.kind === 'segment' && flag(event, 'SYN') && !flag(event, 'ACK')) {
    for (const key of [`${event.src}>${event.dst}`, `${event.dst}>${event.src}`]) {
      walk.finArrivedAt.delete(key);
      walk.lastAckFrom.delete(key);
    }
  }
  if (event.kind === 'deliver') {
    const packet = walk.packets.get(event.id);
    if (packet?.kind === 'segment' && flag(packet, 'FIN')) walk.finArrivedAt.add(`${packet.dst}>${packet.src}`);
  }
}

describe('every event of every built-in lesson', () => {
  let checked = 0;
  for (const scenario of builtinScenarios) {
    it(`${scenario.id}: the explanation fits the event (seeds ${seeds.join(', ')})`, () => {
      for (const seed of seeds) {
        const trace = simulate(scenario, { seed });
        const walk: Walk = {
          stateOf: new Map(),
          packets: new Map(),
          finArrivedAt: new Set(),
          lastAckFrom: new Map(),
          stateAtClose: new Map(),
        };
        trace.events.forEach((event, index) => {
          if (checkEvent(trace, index, walk, `${scenario.id} seed ${seed} event ${index} ${JSON.stringify(event)}`))
            checked++;
          advance(walk, event);
        });
      }
    });
  }
  it('checked thousands of events', () => {
    expect(checked).toBeGreaterThan(1000);
    console.info(`explanations checked against ${checked} events`);
  });
});
