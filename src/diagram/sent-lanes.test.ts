// A big trace's lanes are worked out in the import worker and sent to the page (lanes.ts
// SentLanes): the page's LaneMap must answer every question as the one worked out here does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../scenario/library';
import { importCapture } from '../trace/import';
import { packetFates, packetIndex } from '../trace/query';
import type { Trace } from '../trace/types';
import { buildLanes, lanesToSend, receiveLanes } from './lanes';
import { lesson } from './test-traces';

/** The same trace as another object (what the page assembles), with the lanes sent as postMessage would. */
function received(trace: Trace): Trace {
  const copy: Trace = { ...trace, events: [...trace.events] };
  receiveLanes(copy, structuredClone(lanesToSend(trace)));
  return copy;
}

function expectSameLanes(trace: Trace): void {
  const here = buildLanes(trace);
  const copy = received(trace);
  const there = buildLanes(copy);
  expect(there).not.toBe(here);
  expect(there.lanes).toEqual(here.lanes);
  expect([...there.eventLane]).toEqual([...here.eventLane]);
  const hosts = [...trace.hosts.map((host) => host.name), 'nobody'];
  for (const host of hosts)
    for (const fd of [undefined, -1, 3, 4, 5, 6, 1000, 1001]) {
      expect(there.laneOf(host, fd)).toBe(here.laneOf(host, fd));
    }
  // Every packet still in flight at the end heads for the same lane.
  const fates = packetFates(trace);
  for (const packet of packetIndex(trace).byId.values()) {
    if (!fates.has(packet.id))
      expect(there.headingLane(packet.id, packet.to)).toBe(here.headingLane(packet.id, packet.to));
  }
}

describe('lanes sent with a trace', () => {
  it.each(builtinScenarios.map((scenario) => scenario.id))('%s: the same lanes, whole and cut short', (id) => {
    const trace = lesson(id);
    expectSameLanes(trace);
    // Cut in the middle, packets are still in flight: they head where the worker said.
    expectSameLanes({ ...trace, events: trace.events.slice(0, Math.floor(trace.events.length / 2)) });
  });

  it('a capture: the same lanes, named by their endpoints', () => {
    const file = join(import.meta.dirname, '../trace/import/fixtures/dns_tcp.pcap');
    const trace = importCapture(new Uint8Array(readFileSync(file)), { fileName: 'dns_tcp.pcap' });
    expectSameLanes(trace);
    expect(buildLanes(received(trace)).lanes.some((lane) => lane.endpoint !== undefined)).toBe(true);
  });
});
