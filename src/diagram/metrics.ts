// Sizes in pixels: the normal diagram, and presentation mode's larger type. Read from the back of
// a classroom at a 1280×720 projector (issue 8): no text under 16 px in the normal view and none
// under 24 px in presentation mode (which the page scales up further on larger screens).
import type { Metrics } from './model';

export function diagramMetrics(presentation: boolean): Metrics {
  return presentation
    ? {
        fontPx: 24,
        monoPx: 24,
        headerFontPx: 26,
        rowPx: 40,
        labelHeight: 33,
        bandPx: 18,
        barPx: 11,
        headerHeight: 112,
        timeColumnPx: 0,
      }
    : {
        fontPx: 16,
        monoPx: 16,
        headerFontPx: 18,
        rowPx: 28,
        labelHeight: 23,
        bandPx: 14,
        barPx: 8,
        headerHeight: 84,
        timeColumnPx: 0,
      };
}

/** The distance between the lines of a wrapped label (a long note). */
export const lineStepPx = (fontPx: number): number => Math.round(fontPx * 1.3);

/**
 * The widest a note's text may be before it wraps: it is drawn across the lanes, so a long note
 * never widens the drawing (nor makes the page scroll sideways), within the width available.
 */
export function noteTextWidth(metrics: Metrics, available: number): number {
  const readable = 40 * metrics.fontPx;
  return available > 0 ? Math.max(12 * metrics.fontPx, Math.min(readable, available - 8 * metrics.fontPx)) : readable;
}

/** How far from a lifeline the labels beside it start: clear of the state band. */
export const besideBandPx = (metrics: Metrics): number => metrics.bandPx / 2 + 6;
