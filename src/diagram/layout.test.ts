import { describe, expect, it } from 'vitest';
import { builtinScenarios, findScenario } from '../scenario/library';
import { simulate } from '../sim';
import type { Trace } from '../trace/types';
import { overlaps } from './boxes';
import { cursorY, layoutTrace } from './layout';
import type { ArrowItem, BandItem, BarItem, DiagramLayout, GapItem, Label, LayoutOptions, TimerItem } from './model';

const traces = new Map<string, Trace>();
function trace(id: string): Trace {
  let cached = traces.get(id);
  if (cached === undefined) traces.set(id, (cached = simulate(findScenario(id)!, {})));
  return cached;
}

const arrowsOf = (layout: DiagramLayout) => layout.items.filter((i): i is ArrowItem => i.type === 'arrow');
const bandsOf = (layout: DiagramLayout) => layout.items.filter((i): i is BandItem => i.type === 'band');
const barsOf = (layout: DiagramLayout) => layout.items.filter((i): i is BarItem => i.type === 'bar');
const timersOf = (layout: DiagramLayout) => layout.items.filter((i): i is TimerItem => i.type === 'timer');
const gapsOf = (layout: DiagramLayout) => layout.items.filter((i): i is GapItem => i.type === 'gap');

function labelsOf(layout: DiagramLayout): Label[] {
  const labels: Label[] = [];
  for (const item of layout.items) {
    switch (item.type) {
      case 'arrow':
      case 'timer':
        if (item.label) labels.push(item.label);
        break;
      case 'bar':
        if (item.label) labels.push(item.label);
        if (item.errnoLabel) labels.push(item.errnoLabel);
        break;
      default:
        labels.push(item.label);
    }
  }
  return labels;
}

describe('lanes', () => {
  it('draws one lifeline per host, and one per socket where a host has several', () => {
    const layout = layoutTrace(trace('tcp-echo'));
    expect(layout.lanes.map((lane) => lane.testId)).toEqual([
      'lifeline-server-3',
      'lifeline-server-4',
      'lifeline-client',
    ]);
    expect(layout.hosts.map((host) => host.testId)).toEqual(['lifeline-server', 'lifeline-client']);
    expect(layout.hosts[0]).toMatchObject({ host: 'server', addr: '10.0.0.1', lanes: [0, 1] });
    expect(layout.lanes[2]).toMatchObject({ host: 'client', fd: 3, shared: false });
    const xs = layout.lanes.map((lane) => lane.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });

  it('gives a host with no socket (a closed port) a lane of its own', () => {
    const layout = layoutTrace(trace('tcp-refused'));
    expect(layout.lanes.find((lane) => lane.host === 'server')?.fd).toBeUndefined();
  });

  it('spreads out to the width available, within limits', () => {
    const narrow = layoutTrace(trace('tcp-echo'));
    const wide = layoutTrace(trace('tcp-echo'), { width: 1280 });
    expect(wide.width).toBeGreaterThan(narrow.width);
    expect(wide.width).toBeLessThanOrEqual(1280);
  });
});

describe('arrows', () => {
  const layout = layoutTrace(trace('tcp-echo'));
  const events = trace('tcp-echo').events;
  const arrows = arrowsOf(layout);

  it('draws every segment from its send to its delivery, in the usual notation', () => {
    expect(arrows).toHaveLength(10);
    expect(arrows.slice(0, 5).map((a) => a.label?.text)).toEqual([
      'SYN seq=0',
      'SYN, ACK seq=0 ack=1',
      'ACK ack=1',
      'PSH, ACK seq=1 ack=1 len=14',
      'ACK ack=15',
    ]);
    expect(arrows.map((a) => a.label?.text)).toContain('FIN, ACK seq=15 ack=15');
    expect(arrows[1]?.flags).toBe('SYN,ACK');
  });

  it('starts at the sender lane at the send time and ends at the receiving socket at delivery time', () => {
    for (const arrow of arrows) {
      const sent = events[arrow.eventIndex]!;
      const end = events[arrow.endIndex]!;
      expect(sent.kind).toBe('segment');
      expect(end.kind).toBe('deliver');
      expect(arrow.y1).toBe(layout.eventY[arrow.eventIndex]);
      expect(arrow.y2).toBe(layout.eventY[arrow.endIndex]);
      expect(arrow.y2).toBeGreaterThan(arrow.y1);
      const from = layout.lanes[arrow.fromLane]!;
      const to = layout.lanes[arrow.toLane]!;
      expect(Math.abs(arrow.x1 - from.x)).toBeLessThan(10);
      expect(Math.abs(arrow.x2 - to.x)).toBeLessThan(10);
      if (end.kind === 'deliver') expect(to.fd).toBe(end.socket);
    }
    // The SYN reaches the listening socket, the third ACK the accepted one.
    expect(layout.lanes[arrows[0]!.toLane]?.fd).toBe(3);
    expect(layout.lanes[arrows[2]!.toLane]?.fd).toBe(4);
  });

  it('shows absolute sequence numbers on request', () => {
    const absolute = arrowsOf(layoutTrace(trace('tcp-echo'), { seqMode: 'absolute' }));
    expect(absolute[0]?.label?.text).toMatch(/^SYN seq=\d{5,}$/);
  });

  it('ends a lost segment in a cross half-way, at the time it was lost, and marks retransmissions', () => {
    const retransmission = layoutTrace(trace('tcp-retransmission'));
    const lost = arrowsOf(retransmission).filter((a) => a.fate === 'dropped');
    expect(lost.length).toBe(3);
    for (const arrow of lost) {
      expect(arrow.crossX).toBeCloseTo((arrow.x1 + arrow.x2) / 2, 5);
      expect(arrow.crossY).toBe(retransmission.eventY[arrow.endIndex]);
      expect(trace('tcp-retransmission').events[arrow.endIndex]?.kind).toBe('drop');
    }
    const resent = arrowsOf(retransmission).filter((a) => a.retransmission);
    expect(resent.length).toBeGreaterThan(0);
    for (const arrow of resent) expect(arrow.label?.text.startsWith('↻ ')).toBe(true);
  });

  it('draws datagrams, ICMP and a broadcast fan-out from one point', () => {
    const udp = arrowsOf(layoutTrace(trace('udp-echo')));
    expect(udp.filter((a) => a.protocol === 'udp')[0]?.label?.text).toBe('UDP len=3 "one"');
    expect(udp.filter((a) => a.protocol === 'icmp').map((a) => a.label?.text)).toEqual(['ICMP port unreachable']);
    expect(udp.filter((a) => a.fate === 'dropped')).toHaveLength(1);

    const discoveryLayout = layoutTrace(trace('udp-discovery'), { lang: 'fr' });
    const discovery = arrowsOf(discoveryLayout);
    const broadcast = discovery.filter((a) => a.broadcast);
    expect(broadcast).toHaveLength(3);
    expect(new Set(broadcast.map((a) => a.y1)).size).toBe(1);
    const client = discoveryLayout.lanes.find((lane) => lane.host === 'client')!;
    for (const arrow of broadcast)
      expect(Math.abs(arrow.x1 - client.x)).toBeLessThanOrEqual(discoveryLayout.metrics.barPx);
    expect(new Set(broadcast.map((a) => a.to))).toEqual(new Set(['printer', 'nas', 'camera']));
    expect(broadcast.filter((a) => a.label).map((a) => a.label?.text)).toEqual(['UDP len=8 "DISCOVER" (diffusion)']);
  });

  it('marks keepalive probes', () => {
    const keepalive = arrowsOf(layoutTrace(trace('keepalive')));
    expect(keepalive.some((a) => a.probe === 'keepalive' && a.label?.text.endsWith('(keepalive probe)'))).toBe(true);
  });
});

describe('bands, bars and timers', () => {
  it('draws a band per TCP state with its name, each ending where the next begins', () => {
    const layout = layoutTrace(trace('tcp-echo'));
    const fd4 = bandsOf(layout).filter((b) => layout.lanes[b.lane]?.testId === 'lifeline-server-4');
    expect(fd4.map((b) => b.state)).toEqual([
      'SYN-RECEIVED',
      'ESTABLISHED',
      'FIN-WAIT-1',
      'FIN-WAIT-2',
      'TIME-WAIT',
      'CLOSED',
    ]);
    for (const band of fd4) expect(band.label.text).toBe(band.state);
    for (let i = 0; i + 1 < fd4.length; i++) {
      expect(fd4[i]!.y1).toBe(fd4[i + 1]!.y0);
      expect(fd4[i]!.y1).toBeGreaterThan(fd4[i]!.y0);
    }
  });

  it('draws blocking calls as bars from call to return, with the errno at the return', () => {
    const layout = layoutTrace(trace('tcp-echo'));
    const accept = barsOf(layout).find((b) => b.call === 'accept')!;
    expect(accept.label?.text).toBe('accept()');
    expect(accept.y1 - accept.y0).toBeGreaterThan(layout.metrics.rowPx * 4);
    const reuse = layoutTrace(trace('time-wait-reuseaddr'));
    const failed = barsOf(reuse).find((b) => b.errno !== undefined)!;
    expect(failed).toMatchObject({ call: 'bind', errno: 'EADDRINUSE' });
    expect(failed.errnoLabel?.text).toBe('EADDRINUSE');
    expect(failed.errnoLabel!.y + failed.errnoLabel!.height / 2).toBe(failed.y1);
  });

  it('hides instant calls in presentation mode but keeps blocking ones and errors', () => {
    const layout = layoutTrace(trace('time-wait-reuseaddr'), { presentation: true });
    const calls = barsOf(layout).map((b) => b.call);
    expect(calls).toContain('accept');
    expect(calls).toContain('bind');
    expect(calls).not.toContain('setsockopt');
    expect(layout.metrics.fontPx).toBeGreaterThan(layoutTrace(trace('tcp-echo')).metrics.fontPx);
  });

  it('draws timers as brackets, TIME-WAIT with its 2*MSL length across the compressed gap', () => {
    const layout = layoutTrace(trace('tcp-echo'));
    const timeWait = timersOf(layout).find((t) => t.timer === 'time-wait')!;
    expect(timeWait.outcome).toBe('fire');
    expect(timeWait.label?.text).toBe('2×MSL = 60 s');
    const gap = gapsOf(layout)[0]!;
    expect(timeWait.y0).toBeLessThan(gap.y0);
    expect(timeWait.y1).toBeGreaterThan(gap.y1);
    // Nothing is lost in this lesson: no retransmission timer ever fires.
    const retransmit = timersOf(layout).filter((t) => t.timer === 'retransmit');
    expect(retransmit.length).toBeGreaterThan(0);
    expect(retransmit.some((t) => t.outcome === 'fire')).toBe(false);
    const lossy = timersOf(layoutTrace(trace('tcp-retransmission'))).filter((t) => t.timer === 'retransmit');
    expect(lossy.some((t) => t.outcome === 'fire')).toBe(true);
  });
});

describe('time scale', () => {
  it('compresses the idle TIME-WAIT into a marked gap', () => {
    const en = gapsOf(layoutTrace(trace('tcp-echo')));
    expect(en).toHaveLength(1);
    expect(en[0]!.t1 - en[0]!.t0).toBeGreaterThan(59_000_000);
    expect(en[0]!.label.text).toBe('… 59.99 s …');
    expect(en[0]!.y1 - en[0]!.y0).toBeLessThan(100);
    expect(gapsOf(layoutTrace(trace('tcp-echo'), { lang: 'fr' }))[0]!.label.text).toBe('… 59,99 s …');
  });

  it('keeps the whole 60 s lesson short, and events in time order', () => {
    const layout = layoutTrace(trace('tcp-echo'));
    expect(layout.height).toBeLessThan(1400);
    for (let i = 1; i < layout.eventY.length; i++) {
      const a = trace('tcp-echo').events[i - 1]!;
      const b = trace('tcp-echo').events[i]!;
      if (b.t > a.t) expect(layout.eventY[i]).toBeGreaterThan(layout.eventY[i - 1]!);
    }
  });

  it('puts the cursor on the last shown event', () => {
    const layout = layoutTrace(trace('tcp-echo'));
    expect(cursorY(layout, 0)).toBe(layout.top);
    expect(cursorY(layout, 12)).toBe(layout.eventY[11]);
    expect(cursorY(layout, 10_000)).toBe(layout.eventY[layout.eventY.length - 1]);
  });
});

describe('every built-in scenario', () => {
  const variants: LayoutOptions[] = [{}, { lang: 'fr', seqMode: 'absolute' }, { presentation: true }, { width: 1280 }];
  for (const scenario of builtinScenarios) {
    it(`${scenario.id}: labels never overlap and are never clipped`, () => {
      for (const options of variants) {
        const layout = layoutTrace(trace(scenario.id), options);
        expect(layout.overlaps, JSON.stringify(options)).toBe(0);
        const labels = labelsOf(layout);
        const sorted = [...labels].sort((a, b) => a.y - b.y);
        for (let i = 0; i < sorted.length; i++) {
          const a = sorted[i]!;
          expect(a.x, a.text).toBeGreaterThanOrEqual(0);
          expect(a.x + a.width, a.text).toBeLessThanOrEqual(layout.width);
          expect(a.y, a.text).toBeGreaterThanOrEqual(0);
          expect(a.y + a.height, a.text).toBeLessThanOrEqual(layout.height);
          for (let j = i + 1; j < sorted.length && sorted[j]!.y < a.y + a.height; j++) {
            const b = sorted[j]!;
            expect(overlaps(a, b), `${a.text} / ${b.text} ${JSON.stringify(options)}`).toBe(false);
          }
        }
      }
    });
  }
});

describe('purity and viewport queries', () => {
  it('returns the same layout for the same input and leaves the trace untouched', () => {
    const input = trace('nagle');
    const before = JSON.stringify(input);
    const a = layoutTrace(input, { width: 1200 });
    const b = layoutTrace(input, { width: 1200 });
    expect(JSON.stringify(a.items)).toBe(JSON.stringify(b.items));
    expect(JSON.stringify(input)).toBe(before);
  });

  it('finds exactly the items meeting a y-range', () => {
    const layout = layoutTrace(trace('nagle'));
    const [top, bottom] = [600, 900];
    const found = new Set(
      layout.query(top, bottom).filter((i) => {
        const item = layout.items[i]!;
        return item.yMin <= bottom && item.yMax >= top;
      }),
    );
    const expected = layout.items.flatMap((item, i) => (item.yMin <= bottom && item.yMax >= top ? [i] : []));
    expect([...found].sort((a, b) => a - b)).toEqual(expected);
    expect(expected.length).toBeLessThan(layout.items.length / 2);
  });

  it('lays out an empty trace', () => {
    const layout = layoutTrace({ ...trace('tcp-echo'), events: [] });
    expect(layout.items).toEqual([]);
    expect(layout.height).toBeGreaterThan(0);
  });
});
