import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charWidthMeasure, wholeTextMeasure } from './canvas-measure';

/** A context whose characters have made-up widths that depend on the font, counting its calls. */
function fakeContext() {
  const calls = { measure: 0, font: 0 };
  let font = '';
  const context = {
    get font() {
      return font;
    },
    set font(value: string) {
      calls.font++;
      font = value;
    },
    measureText(text: string) {
      calls.measure++;
      const size = Number(/(\d+)px/.exec(font)?.[1] ?? 0);
      const bold = font.startsWith('600') ? 1.1 : 1;
      // Width per code point: its value mod 7 plus 3, scaled by the size.
      let width = 0;
      for (const char of text) width += ((char.codePointAt(0)! % 7) + 3) * (size / 10) * bold;
      return { width };
    },
  };
  return { context, calls };
}

const exact = (text: string, size: number, bold: boolean) => {
  let width = 0;
  for (const char of text) width += ((char.codePointAt(0)! % 7) + 3) * (size / 10) * (bold ? 1.1 : 1);
  return Math.ceil(width * 1.04);
};

describe('charWidthMeasure', () => {
  it('sums the widths of the characters, each measured once per font', () => {
    const { context, calls } = fakeContext();
    const measure = charWidthMeasure(context);
    expect(measure('seq=1001 ack=1', 12, 'mono')).toBe(exact('seq=1001 ack=1', 12, false));
    const afterFirst = calls.measure;
    // Every character of the second text was already measured in this font.
    expect(measure('ack=1001 seq=1', 12, 'mono')).toBe(exact('ack=1001 seq=1', 12, false));
    expect(calls.measure).toBe(afterFirst);
    // Another size, or bold, is another font: measured again.
    expect(measure('seq', 14, 'mono', true)).toBe(exact('seq', 14, true));
    expect(calls.measure).toBe(afterFirst + 3);
  });

  it('sets the context font only when the font changes', () => {
    const { context, calls } = fakeContext();
    const measure = charWidthMeasure(context);
    measure('abc', 12, 'sans');
    measure('abd', 12, 'sans');
    expect(calls.font).toBe(1);
    measure('e', 13, 'sans');
    expect(calls.font).toBe(2);
  });

  it('measures any text as the sum of its code points, surrogate pairs and all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.boolean(), (text, bold) => {
        const { context } = fakeContext();
        const measure = charWidthMeasure(context);
        expect(measure(text, 12, 'sans', bold)).toBe(exact(text, 12, bold));
      }),
    );
  });
});

describe('wholeTextMeasure', () => {
  it('measures each whole text once per font, with the slack', () => {
    const { context, calls } = fakeContext();
    const measure = wholeTextMeasure(context);
    expect(measure('10.0.0.1', 24, 'sans', true)).toBe(exact('10.0.0.1', 24, true));
    expect(measure('10.0.0.1', 24, 'sans', true)).toBe(exact('10.0.0.1', 24, true));
    expect(calls.measure).toBe(1);
  });
});
