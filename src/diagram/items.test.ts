import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../trace/types';
import { packetArrows, packetText } from './arrows';
import { buildItems, callBars, noteItems, sideWidths, stateBands, timerBrackets } from './items';
import { datagram, firstPasses, lesson, segment, traceOf } from './test-traces';

describe('stateBands', () => {
  it('runs each band to the lane’s next state, and a CLOSED band nowhere', () => {
    const { context, index, vertical } = firstPasses(lesson('tcp-echo'));
    const bands = stateBands(context, index, vertical);
    const lanes = index.lanes.map((lane) => bands.filter((band) => band.lane === lane.index));
    for (const lane of lanes.filter((list) => list.length > 0)) {
      for (let i = 0; i + 1 < lane.length; i++) {
        expect(lane[i]!.endIndex).toBe(lane[i + 1]!.eventIndex);
        expect(lane[i]!.y1).toBe(lane[i + 1]!.y0);
      }
      const last = lane[lane.length - 1]!;
      expect(last.state).toBe('CLOSED');
      expect(last.y1).toBe(last.y0);
    }
    expect(bands.every((band) => band.x === 0 && band.label.text === band.state && band.label.bold)).toBe(true);
  });
});

describe('callBars', () => {
  it('draws shown calls from call to return, with the errno at the return', () => {
    const { context, index, vertical } = firstPasses(lesson('time-wait-reuseaddr'), { presentation: true });
    const bars = callBars(context, index, vertical);
    expect(bars.some((bar) => bar.call === 'setsockopt')).toBe(false);
    const bind = bars.find((bar) => bar.errno !== undefined)!;
    expect(bind).toMatchObject({ call: 'bind', errno: 'EADDRINUSE', label: { text: 'bind()' } });
    expect(bind.errnoLabel).toMatchObject({ text: 'EADDRINUSE', font: 'mono', bold: true });
    expect(bind.y1).toBe(vertical.eventY[bind.endIndex]);
  });
});

describe('timerBrackets', () => {
  const timer = (t: number, action: 'set' | 'fire' | 'cancel', at?: number): TraceEvent => ({
    t,
    kind: 'timer',
    host: 'a',
    socket: 3,
    timer: 'retransmit',
    action,
    at,
  });

  it('ends a bracket at its fire, cancel or restart, or at its due time', () => {
    const trace = traceOf([timer(0, 'set', 200), timer(100, 'set', 300), timer(150, 'cancel'), timer(200, 'set', 900)]);
    const { index, vertical } = firstPasses(trace);
    const brackets = timerBrackets(index, vertical);
    expect(brackets.map((b) => [b.outcome, b.eventIndex, b.endIndex])).toEqual([
      ['restart', 0, 1],
      ['cancel', 1, 2],
      ['pending', 3, -1],
    ]);
    expect(brackets[2]!.y1).toBe(Math.min(vertical.bottom, vertical.scale.yAt(900)));
  });
});

describe('noteItems', () => {
  it('labels a note in the layout’s language', () => {
    const trace = traceOf([{ t: 0, kind: 'note', host: 'b', text: { en: 'hello', fr: 'bonjour' } }]);
    const { context, index } = firstPasses(trace, { lang: 'fr' });
    expect(noteItems(context, index)).toMatchObject([{ lane: index.laneOf('b'), label: { text: 'bonjour' } }]);
  });
});

describe('packetArrows', () => {
  const trace = traceOf([
    segment(0, 1),
    { t: 10, kind: 'deliver', id: 1, host: 'b' },
    { t: 12, kind: 'deliver', id: 1, host: 'b', duplicate: true },
    segment(20, 2),
    { t: 30, kind: 'deliver', id: 2, host: 'b' },
    { t: 31, kind: 'drop', id: 2, reason: 'duplicate lost' },
    segment(40, 3, { retransmission: true, flags: ['PSH', 'ACK'], len: 5 }),
  ]);

  it('draws one arrow per delivered copy, labels the first, and leaves a packet in flight pending', () => {
    const { context, index, vertical } = firstPasses(trace);
    const arrows = packetArrows(context, index, vertical);
    expect(arrows.map((a) => [a.eventIndex, a.endIndex, a.fate, a.duplicate, a.label !== undefined])).toEqual([
      [0, 1, 'delivered', false, true],
      [0, 2, 'delivered', true, false],
      [3, 4, 'delivered', false, true],
      [6, -1, 'pending', false, true],
    ]);
    const pending = arrows[3]!;
    expect(pending.y2).toBe(pending.y1 + vertical.latencyPx);
    expect(pending.label?.text).toBe('↻ PSH, ACK seq=0 ack=1 len=5');
  });

  it('writes datagrams, broadcasts and probes the usual way', () => {
    const { context, index } = firstPasses(trace, { lang: 'fr' });
    expect(packetText(context, index, datagram(0, 9, { broadcast: true })).labelText).toBe('UDP len=0 (diffusion)');
    const probe = packetText(context, index, segment(0, 9, { probe: 'keepalive' }));
    expect(probe.labelText).toMatch(/^ACK ack=1 \(.+\)$/);
    expect(probe.notation).toBe('ACK ack=1');
  });
});

describe('sideWidths', () => {
  it('keeps, per lane, the widest label drawn beside it', () => {
    const { context, index, vertical } = firstPasses(lesson('tcp-echo'));
    const items = buildItems(context, index, vertical);
    const widths = sideWidths(index.lanes.length, items);
    const beside = [...items.bands.map((b) => [b.lane, b.label.width] as const)];
    for (const bar of items.bars) beside.push([bar.lane, bar.label!.width]);
    index.lanes.forEach((lane) => {
      expect(widths[lane.index]).toBe(Math.max(0, ...beside.filter(([l]) => l === lane.index).map(([, w]) => w)));
    });
  });
});
