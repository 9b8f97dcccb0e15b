// Text measurement is passed into the layout, so the layout runs without a browser (the canvas
// measurement a browser uses is src/ui/diagram/canvas-measure.ts).

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
