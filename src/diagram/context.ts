// What every layout pass reads besides the trace: the options with their defaults, the sizes, a
// translator and a label maker (text measured once, placed later by the labels pass).
import { translate, type Lang, type MessageKey } from '../i18n';
import { estimateText, type FontKind, type MeasureText } from './measure';
import { diagramMetrics } from './metrics';
import type { Label, LayoutOptions, Metrics } from './model';
import type { SeqMode } from './notation';

export interface LayoutContext {
  lang: Lang;
  seqMode: SeqMode;
  presentation: boolean;
  measure: MeasureText;
  /** The time column's width is 0 until the ticks are measured (see withTimeColumn). */
  metrics: Metrics;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** A label of `text`, measured, at the origin until placed. */
  label: (text: string, font: FontKind, bold?: boolean) => Label;
}

export function layoutContext(options: LayoutOptions): LayoutContext {
  const lang = options.lang ?? 'en';
  const measure = options.measure ?? estimateText;
  const metrics = diagramMetrics(options.presentation ?? false);
  return {
    lang,
    seqMode: options.seqMode ?? 'relative',
    presentation: options.presentation ?? false,
    measure,
    metrics,
    t: (key, params) => translate(lang, key, params),
    label: textLabeler(measure, metrics),
  };
}

export function textLabeler(measure: MeasureText, metrics: Metrics): LayoutContext['label'] {
  return (text, font, bold = false) => {
    const size = font === 'mono' ? metrics.monoPx : metrics.fontPx;
    const width = Math.ceil(measure(text, size, font, bold)) + 10;
    return { text, font, bold, x: 0, y: 0, width, height: metrics.labelHeight, tx: 0, ty: 0, anchor: 'middle' };
  };
}
