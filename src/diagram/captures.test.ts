// Every capture the importer reads can be drawn: the tcpdump project's hostile files (copied in
// src/trace/import/fixtures) once crashed the layout, because a capture with no readable packet
// has no host and so no lane, yet has notes to show.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCapture } from '../trace/import';
import { layoutTrace } from './layout';
import type { NoteItem } from './model';

const fixtures = join(import.meta.dirname, '../trace/import/fixtures');
const captures = readdirSync(fixtures).filter((name) => /\.pcap(ng)?$/.test(name));

describe('layout of every capture fixture', () => {
  it('has the hostile captures to test', () => {
    expect(captures).toEqual(expect.arrayContaining(['loopback.pcap', 'LINKTYPE_IPV4_invalid.pcap']));
  });

  it.each(captures)('%s lays out, in both languages and presentation, with every note inside the drawing', (name) => {
    const trace = importCapture(new Uint8Array(readFileSync(join(fixtures, name))), { fileName: name });
    for (const lang of ['en', 'fr'] as const) {
      for (const presentation of [false, true]) {
        const layout = layoutTrace(trace, { lang, presentation });
        const notes = layout.items.filter((item): item is NoteItem => item.type === 'note');
        expect(notes.length).toBe(trace.events.filter((e) => e.kind === 'note').length);
        for (const note of notes) expect(note.label.x + note.label.width).toBeLessThanOrEqual(layout.width);
      }
    }
  });

  it('draws a capture with no readable packet as its notes alone', () => {
    const trace = importCapture(new Uint8Array(readFileSync(join(fixtures, 'loopback.pcap'))));
    expect(trace.hosts).toEqual([]);
    const layout = layoutTrace(trace);
    expect(layout.lanes).toEqual([]);
    const drawn = layout.items.filter((item) => item.type === 'note' || item.type === 'arrow');
    expect(drawn.map((item) => item.type)).toEqual(trace.events.map(() => 'note'));
  });
});
