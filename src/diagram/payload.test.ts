import { describe, expect, it } from 'vitest';
import { previewPayload } from './payload';

describe('previewPayload', () => {
  it('quotes printable text with escapes and cuts long text', () => {
    expect(previewPayload(btoa('hi\n'))).toBe('"hi\\n"');
    expect(previewPayload(btoa('x'.repeat(100)))).toBe(`"${'x'.repeat(40)}"…`);
  });

  it('shows binary data as hex', () => {
    expect(previewPayload(btoa('\u0000\u0001\u00ff'))).toBe('00 01 ff');
  });

  it('reads UTF-8 as text and invalid UTF-8 as binary', () => {
    expect(previewPayload(btoa('caf\u00c3\u00a9'))).toBe('"café"');
    expect(previewPayload(btoa('\u00c3('))).toBe('c3 28');
  });
});
