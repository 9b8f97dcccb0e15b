// The drawing fits the width it is given (issue 8: no sideways scrolling at 1280 px): long notes
// wrap across the lanes, and a scene with more sockets than fit gets one lane per host.
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../scenario/library';
import { layoutTrace } from './layout';
import type { BandItem, NoteItem } from './model';
import { lesson } from './test-traces';

// The diagram's width at a 1280×720 screen: beside the side column, and in presentation mode.
const widths = [
  { presentation: false, width: 960 },
  { presentation: true, width: 1264 },
];

describe('the drawing fits the screen', () => {
  for (const { presentation, width } of widths) {
    it(`every lesson at ${width} px${presentation ? ' in presentation mode' : ''}`, () => {
      for (const { id } of builtinScenarios) {
        const layout = layoutTrace(lesson(id), { presentation, width });
        // The test's text measure is a generous upper bound (measure.ts): within 0.5 % here, and
        // e2e/screen.spec.ts checks the browser's drawing to the pixel.
        expect(layout.width, id).toBeLessThanOrEqual(width * 1.005);
        for (const note of layout.items.filter((item): item is NoteItem => item.type === 'note')) {
          expect(note.label.x, id).toBeGreaterThanOrEqual(0);
          expect(note.label.x + note.label.width, id).toBeLessThanOrEqual(layout.width);
        }
      }
    });
  }

  it('wraps a long note over rows of its own, across the lanes', () => {
    const layout = layoutTrace(lesson('tcp-stream-framing'), { width: 960 });
    const notes = layout.items.filter((item): item is NoteItem => item.type === 'note');
    const wrapped = notes.filter((note) => (note.label.lines?.length ?? 1) > 1);
    expect(wrapped.length).toBeGreaterThan(0);
    for (const note of wrapped) {
      expect(note.label.lines!.join(' ')).toBe(note.label.text.replace(/\s+/g, ' ').trim());
      expect(note.label.height).toBeGreaterThan(layout.metrics.labelHeight);
      // Nothing else drawn beside it: the next event is below the note's last line.
      const next = layout.eventY[note.eventIndex + 1];
      if (next !== undefined) expect(next).toBeGreaterThan(note.label.y + note.label.height - layout.metrics.rowPx);
    }
  });

  it('gives chat (4 hosts, 7 sockets) one lane per host at 960 px, each socket keeping its band', () => {
    const wide = layoutTrace(lesson('chat'));
    const fitted = layoutTrace(lesson('chat'), { width: 960 });
    expect(wide.lanes.length).toBe(7);
    expect(fitted.lanes.map((lane) => lane.host)).toEqual(['server', 'client', 'client2', 'client3']);
    expect(fitted.lanes[0]!.fds).toEqual([3, 4, 5, 6]);
    const bands = (layout: typeof wide) => layout.items.filter((item): item is BandItem => item.type === 'band');
    expect(bands(fitted).length).toBe(bands(wide).length);
    // The server's sockets are drawn side by side, not on top of each other.
    const slots = new Set(
      bands(fitted)
        .filter((band) => band.lane === 0)
        .map((band) => band.x),
    );
    expect(slots.size).toBe(4);
    // A scene that fits keeps a lane per socket.
    expect(layoutTrace(lesson('tcp-echo'), { width: 960 }).lanes.length).toBe(3);
  });
});
