// Sizes in pixels: the normal diagram, and presentation mode's larger type.
import type { Metrics } from './model';

export function diagramMetrics(presentation: boolean): Metrics {
  return presentation
    ? {
        fontPx: 19,
        monoPx: 19,
        headerFontPx: 22,
        rowPx: 34,
        labelHeight: 28,
        bandPx: 18,
        barPx: 10,
        headerHeight: 100,
        timeColumnPx: 0,
      }
    : {
        fontPx: 14,
        monoPx: 14,
        headerFontPx: 16,
        rowPx: 26,
        labelHeight: 21,
        bandPx: 14,
        barPx: 8,
        headerHeight: 78,
        timeColumnPx: 0,
      };
}

/** How far from a lifeline the labels beside it start: clear of the state band. */
export const besideBandPx = (metrics: Metrics): number => metrics.bandPx / 2 + 6;
