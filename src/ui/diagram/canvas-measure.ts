// Text measurement in a browser: the canvas's, for the layout (src/diagram) to size its labels.
// The page measures each whole text (a DOM canvas); the import worker, which lays out a big
// capture's diagram off the main thread, measures each character once per font (an OffscreenCanvas).
import { estimateText, monoFamily, sansFamily, type MeasureText } from '../../diagram';

/** The part of a 2D context measurement needs: a DOM canvas's and an OffscreenCanvas's. */
interface TextContext {
  font: string;
  measureText(text: string): { width: number };
}

/** Code units below this are measured once each into a typed table; the rest go in a map. */
const tableSize = 0x3000;

interface FontWidths {
  css: string;
  table: Float64Array;
  other: Map<number, number>;
}

/**
 * A label's width is the sum of its characters' widths, each measured once per font: a capture's
 * labels are nearly all different texts (sequence numbers, times), and measuring each whole took
 * 4.3 of the 7 s that laying out 100,000 packets took (issue 9). A sum ignores kerning, which only
 * narrows a pair, so it is never narrower than the canvas's own measure of the whole text.
 */
export function charWidthMeasure(context: TextContext): MeasureText {
  const fonts = new Map<string, FontWidths>();
  let current = '';
  const widthsOf = (sizePx: number, font: 'sans' | 'mono', bold: boolean): FontWidths => {
    const key = `${font}|${sizePx}|${bold ? 1 : 0}`;
    let widths = fonts.get(key);
    if (widths === undefined) {
      const css = `${bold ? '600 ' : ''}${sizePx}px ${font === 'mono' ? monoFamily : sansFamily}`;
      widths = { css, table: new Float64Array(tableSize).fill(-1), other: new Map() };
      fonts.set(key, widths);
    }
    return widths;
  };
  const measureOne = (widths: FontWidths, text: string): number => {
    // Set only when it changes: assigning context.font parses the CSS font each time.
    if (widths.css !== current) context.font = current = widths.css;
    return context.measureText(text).width;
  };
  return (text, sizePx, font, bold = false) => {
    const widths = widthsOf(sizePx, font, bold);
    let sum = 0;
    for (let i = 0; i < text.length; i++) {
      let code = text.charCodeAt(i);
      if (code < tableSize) {
        let width = widths.table[code]!;
        if (width < 0) widths.table[code] = width = measureOne(widths, text[i]!);
        sum += width;
        continue;
      }
      // A surrogate pair is one character: measured as the pair.
      const pair = code >= 0xd800 && code < 0xdc00 && i + 1 < text.length;
      if (pair) code = text.codePointAt(i)!;
      let width = widths.other.get(code);
      if (width === undefined) {
        width = measureOne(widths, String.fromCodePoint(code));
        widths.other.set(code, width);
      }
      if (pair) i++;
      sum += width;
    }
    // A little slack: fonts may still be loading, and the halo needs room.
    return Math.ceil(sum * 1.04);
  };
}

/**
 * Each whole text measured once (cached): exact, kerning included, and what the page uses for
 * lessons, whose labels repeat and whose screen checks (e2e/screen.spec.ts) hold to the pixel.
 */
export function wholeTextMeasure(context: TextContext): MeasureText {
  const cache = new Map<string, number>();
  let current = '';
  return (text, sizePx, font, bold = false) => {
    const key = `${font}|${sizePx}|${bold ? 1 : 0}|${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      const wanted = `${bold ? '600 ' : ''}${sizePx}px ${font === 'mono' ? monoFamily : sansFamily}`;
      if (wanted !== current) context.font = current = wanted;
      width = Math.ceil(context.measureText(text).width * 1.04);
      if (cache.size > 20_000) cache.clear();
      cache.set(key, width);
    }
    return width;
  };
}

/**
 * Canvas measurement, falling back to the estimate: on the page each whole text; in a worker (a
 * big capture's layout, whose labels are nearly all different) each character once per font.
 */
export function createCanvasMeasure(): MeasureText {
  if (typeof document !== 'undefined') {
    const context = document.createElement('canvas').getContext('2d');
    return context === null ? estimateText : wholeTextMeasure(context);
  }
  const context = typeof OffscreenCanvas === 'undefined' ? null : new OffscreenCanvas(1, 1).getContext('2d');
  return context === null ? estimateText : charWidthMeasure(context);
}
