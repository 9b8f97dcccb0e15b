// Text measurement is passed into the layout, so the layout runs without a browser.

export type FontKind = 'sans' | 'mono';

/** Width in pixels of `text` drawn at `sizePx` in the given font. */
export type MeasureText = (text: string, sizePx: number, font: FontKind, bold?: boolean) => number;

export const sansFamily =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif";
export const monoFamily =
  "ui-monospace, 'SFMono-Regular', 'Cascadia Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace";

/**
 * A deliberately generous estimate (0.62 em per character, 0.66 bold): an upper bound for the
 * usual sans-serif fonts and exact-ish for monospace ones. Used in tests and outside browsers.
 */
export const estimateText: MeasureText = (text, sizePx, _font, bold) =>
  Array.from(text).length * sizePx * (bold ? 0.66 : 0.62);

/** Canvas measurement in a browser (cached per font), falling back to the estimate. */
export function createCanvasMeasure(): MeasureText {
  if (typeof document === 'undefined') return estimateText;
  const context = document.createElement('canvas').getContext('2d');
  if (context === null) return estimateText;
  const cache = new Map<string, number>();
  return (text, sizePx, font, bold) => {
    const key = `${font}|${sizePx}|${bold ? 1 : 0}|${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      context.font = `${bold ? '600 ' : ''}${sizePx}px ${font === 'mono' ? monoFamily : sansFamily}`;
      // A little slack: fonts may still be loading, and the halo needs room.
      width = Math.ceil(context.measureText(text).width * 1.04);
      if (cache.size > 20_000) cache.clear();
      cache.set(key, width);
    }
    return width;
  };
}
