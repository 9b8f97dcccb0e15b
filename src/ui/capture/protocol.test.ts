// The checks made before a file is read: its size, and whether its bytes are JSON or a capture.
import { describe, expect, it } from 'vitest';
import { progressPercent } from './ImportStatus';
import { importLimits, looksLikeJson, looksLikeTraceName, sizeRefusal } from './protocol';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('import checks', () => {
  it('refuses captures over 512 MiB and traces over 256 MiB, by name', () => {
    expect(sizeRefusal({ name: 'a.pcap', size: importLimits.maxCaptureBytes })).toBeUndefined();
    expect(sizeRefusal({ name: 'a.pcap', size: importLimits.maxCaptureBytes + 1 })).toEqual({
      kind: 'tooLarge',
      bytes: importLimits.maxCaptureBytes + 1,
      limit: importLimits.maxCaptureBytes,
    });
    expect(sizeRefusal({ name: 'a.JSON', size: importLimits.maxTraceBytes + 1 })?.kind).toBe('tooLarge');
    expect(sizeRefusal({ name: 'a.json', size: 10 })).toBeUndefined();
    expect(looksLikeTraceName('x.wirestep-trace')).toBe(true);
    expect(looksLikeTraceName('x.pcapng')).toBe(false);
  });

  it('tells JSON text from capture bytes', () => {
    expect(looksLikeJson(text('{"format":"wirestep-trace"}'))).toBe(true);
    expect(looksLikeJson(text('\ufeff \n\t {}'))).toBe(true);
    expect(looksLikeJson(text('[1,2]'))).toBe(false);
    expect(looksLikeJson(new Uint8Array(0))).toBe(false);
    expect(looksLikeJson(Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1, 0x7b))).toBe(false);
    // pcapng starts with "\n\r\r\n", which is also white space: the magic number decides first.
    expect(looksLikeJson(Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a, 0x7b, 0, 0, 0))).toBe(false);
  });

  it('maps each stage onto one progress bar', () => {
    expect(progressPercent({ fileName: 'a', stage: 'read', fraction: 0 })).toBe(0);
    expect(progressPercent({ fileName: 'a', stage: 'read', fraction: 1 })).toBe(40);
    expect(progressPercent({ fileName: 'a', stage: 'parse', fraction: 0.5 })).toBe(65);
    expect(progressPercent({ fileName: 'a', stage: 'build', fraction: 1 })).toBe(96);
    // A big trace's queries, worked out before it is shown (prepare.ts), end the bar.
    expect(progressPercent({ fileName: 'a', stage: 'prepare', fraction: 0 })).toBe(96);
    expect(progressPercent({ fileName: 'a', stage: 'prepare', fraction: 1 })).toBe(100);
  });
});
