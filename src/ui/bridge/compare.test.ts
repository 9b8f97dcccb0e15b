import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import { cursorForEvent, shownEventCount, totalSteps } from '../../trace/query';
import type { SegmentEvent, Trace, TraceEvent } from '../../trace/types';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compareTraces, groupOrder, jumpCursors, realCursor, stepReal, syncCursor, verdictCounts } from './compare';

function simulated(): Trace {
  const scenario = findScenario('tcp-echo');
  if (scenario === undefined) throw new Error('tcp-echo is missing');
  return simulate(scenario, { seed: 1 });
}

/** The simulation retold as a "real" trace starting 1 ms later, with `change` applied to its events. */
function realFrom(sim: Trace, change: (events: TraceEvent[]) => TraceEvent[] = (events) => events): Trace {
  const events = change(structuredClone(sim.events)).map((event) => ({ ...event, t: event.t + 1000 }));
  return { ...sim, source: 'real', events };
}

const isSegment = (event: TraceEvent): event is SegmentEvent => event.kind === 'segment';
const segmentIndex = (trace: Trace, predicate: (event: SegmentEvent) => boolean): number =>
  trace.events.findIndex((event) => isSegment(event) && predicate(event));

describe('compareTraces', () => {
  it('finds the same story when the packets are the same', () => {
    const sim = simulated();
    const comparison = compareTraces(sim, realFrom(sim));
    expect(comparison.match).toBe(true);
    expect(comparison.items).toEqual([]);
    expect(comparison.groups).toEqual([]);
    // Every packet, pure ACKs included, is an anchor, from an event to the same event.
    expect(comparison.anchors.length).toBe(comparison.diff.aligned);
    expect(comparison.anchors.length).toBe(sim.events.filter(isSegment).length);
    for (const anchor of comparison.anchors) expect(anchor.real).toBe(anchor.sim);
  });

  it('lists a missing segment with its event in the trace that has it, in both languages', () => {
    const sim = simulated();
    const finIndex = segmentIndex(sim, (s) => s.flags.includes('FIN') && s.from === 'client');
    const finId = (sim.events[finIndex] as SegmentEvent).id;
    const real = realFrom(sim, (events) =>
      events.filter(
        (event) => !(isSegment(event) && event.id === finId) && !(event.kind === 'deliver' && event.id === finId),
      ),
    );
    const comparison = compareTraces(sim, real);
    expect(comparison.match).toBe(false);
    const [item, ...others] = comparison.items;
    expect(others).toEqual([]);
    expect(item?.type).toBe('only-in-a');
    expect(item?.group).toBe('segment');
    expect(comparison.groups.map((g) => g.group)).toEqual(['segment']);
    expect(item?.where).toBe('client→server');
    expect(item?.simEvent).toBe(finIndex);
    expect(item?.realEvent).toBeUndefined();
    expect(item?.explain.en).toContain('only in the sim trace');
    expect(item?.explain.fr).toContain('seulement dans la trace sim');
    expect(verdictCounts(comparison)).toEqual({ differences: 1, notes: 0 });
  });

  it('points a length difference at the segment in both traces', () => {
    const sim = simulated();
    const dataIndex = segmentIndex(sim, (s) => s.len > 0 && s.from === 'client');
    const real = realFrom(sim, (events) =>
      events.map((event, i) => (i === dataIndex && isSegment(event) ? { ...event, len: event.len + 10 } : event)),
    );
    const [item] = compareTraces(sim, real).items;
    expect(item?.type).toBe('length');
    expect(item?.group).toBe('length');
    expect(item?.simEvent).toBe(dataIndex);
    expect(item?.realEvent).toBe(dataIndex);
  });

  it('lists timing apart, and never calls a slower copy the same story', () => {
    const sim = simulated();
    const slower: Trace = { ...sim, source: 'real', events: sim.events.map((e) => ({ ...e, t: e.t * 3 })) };
    const comparison = compareTraces(sim, slower);
    expect(comparison.match).toBe(false);
    expect(comparison.groups.map((g) => g.group)).toEqual(['timing']);
    for (const item of comparison.items) {
      expect(item.counts).toBe(true);
      expect(sim.events[item.simEvent ?? -1]?.kind).toBe('segment');
      expect(item.realEvent).toBe(item.simEvent);
    }
  });

  it('groups a recorded loopback run’s differences in a fixed order, each pointing at its events', () => {
    const fixture = fileURLToPath(new URL('../../trace/fixtures/real-tcp-echo.json', import.meta.url));
    const real = JSON.parse(readFileSync(fixture, 'utf8')) as Trace;
    const sim = simulated();
    const comparison = compareTraces(sim, real);
    expect(comparison.match).toBe(false);
    const groups = comparison.groups.map((g) => g.group);
    expect(groups).toEqual(groupOrder.filter((g) => groups.includes(g)));
    // Loopback's MSS against the lesson's link, and its microseconds against the link's 5 ms.
    expect(groups).toContain('options');
    expect(groups).toContain('timing');
    // TIME-WAIT's end at 60 s is after the real run stopped watching: a note, not a difference.
    const note = comparison.items.find((i) => i.group === 'state' && !i.counts);
    expect(note?.code).toBe('state-unobserved');
    expect(verdictCounts(comparison).notes).toBeGreaterThanOrEqual(1);
    for (const item of comparison.items) {
      expect(item.simEvent !== undefined || item.realEvent !== undefined).toBe(true);
      expect(item.name.fr.length).toBeGreaterThan(0);
      expect(item.rule.fr.length).toBeGreaterThan(0);
    }
  });
});

describe('cursor sync', () => {
  it('moves the other diagram to the partner of the latest aligned packet shown', () => {
    const sim = simulated();
    // The real trace has extra events before the handshake: indices shift by two.
    const real = realFrom(sim, (events) => [
      { t: 0, kind: 'note', text: { en: 'a', fr: 'a' } },
      { t: 0, kind: 'note', text: { en: 'b', fr: 'b' } },
      ...events,
    ]);
    const comparison = compareTraces(sim, real);
    const synIndex = segmentIndex(sim, (s) => s.flags.includes('SYN') && !s.flags.includes('ACK'));
    const simCursor = cursorForEvent(sim, synIndex);
    const realAt = syncCursor(comparison, 'sim', sim, simCursor, real);
    expect(shownEventCount(real, realAt)).toBe(synIndex + 2 + 1);
    // Back again lands where we started.
    expect(syncCursor(comparison, 'real', real, realAt, sim)).toBe(simCursor);
    // Before any aligned packet: the start; at the end: the end.
    expect(syncCursor(comparison, 'sim', sim, 0, real)).toBe(0);
    expect(syncCursor(comparison, 'sim', sim, totalSteps(sim), real)).toBe(totalSteps(real));
  });

  it('keeps a cursor put on the real diagram while the simulation stays where it was put', () => {
    const sim = simulated();
    const real = realFrom(sim);
    const comparison = compareTraces(sim, real);
    const pin = stepReal(comparison, sim, real, 7);
    expect(pin.real).toBe(7);
    expect(realCursor(comparison, sim, real, pin.sim, pin)).toBe(7);
    // The simulation moved on (its step controls): the real one follows again.
    const next = pin.sim + 3;
    expect(realCursor(comparison, sim, real, next, pin)).toBe(syncCursor(comparison, 'sim', sim, next, real));
    expect(stepReal(comparison, sim, real, 10_000).real).toBe(totalSteps(real));
  });

  it('jumps both diagrams to a picked difference, or to the aligned point when one trace lacks it', () => {
    const sim = simulated();
    const finIndex = segmentIndex(sim, (s) => s.flags.includes('FIN') && s.from === 'client');
    const finId = (sim.events[finIndex] as SegmentEvent).id;
    const real = realFrom(sim, (events) => events.filter((event) => !(isSegment(event) && event.id === finId)));
    const comparison = compareTraces(sim, real);
    const item = comparison.items.find((i) => i.type === 'only-in-a');
    if (item === undefined) throw new Error('no difference found');
    const cursors = jumpCursors(comparison, item, sim, real);
    expect(cursors.sim).toBe(cursorForEvent(sim, finIndex));
    expect(cursors.real).toBe(syncCursor(comparison, 'sim', sim, cursors.sim, real));
  });
});
