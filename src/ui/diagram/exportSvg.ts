/// <reference types="vite/client" />
// The whole diagram as a standalone SVG document (every item, not only the visible ones), with
// its stylesheet embedded with every colour resolved for the theme (no CSS variable, which
// rsvg-convert, ImageMagick and slide software do not read): for SVG/PNG export.
import { createElement } from 'react';
import type { Lang } from '../../i18n';
import type { Trace } from '../../trace/types';
import { layoutTrace, type DiagramLayout, type MeasureText, type SeqMode } from '../../diagram';
import { createCanvasMeasure } from './canvas-measure';
import css from './diagram.css?raw';
import { DiagramSvg } from './DiagramSvg';
import { resolveCssVariables } from './resolveCss';

export interface ExportOptions {
  shownEvents?: number;
  seqMode?: SeqMode;
  lang?: Lang;
  presentation?: boolean;
  theme?: 'light' | 'dark';
  measure?: MeasureText;
  /** A layout already computed for the trace (its options win). */
  layout?: DiagramLayout;
  /** The stylesheet to embed (diagram.css by default). */
  css?: string;
}

/** `<svg …>…</svg>` with explicit width, height and viewBox. */
export async function renderDiagramSvgString(trace: Trace, options: ExportOptions = {}): Promise<string> {
  const { renderToStaticMarkup } = await import('react-dom/server');
  const lang = options.lang ?? 'en';
  const theme = options.theme ?? 'light';
  const presentation = options.presentation ?? false;
  const layout =
    options.layout ??
    layoutTrace(trace, {
      seqMode: options.seqMode ?? 'relative',
      lang,
      presentation,
      measure: options.measure ?? createCanvasMeasure(),
    });
  const markup = renderToStaticMarkup(
    createElement(DiagramSvg, {
      layout,
      shownEvents: options.shownEvents ?? trace.events.length,
      lang,
      animate: false,
      css: resolveCssVariables(options.css ?? css, { theme, presentation }),
      theme,
    }),
  );
  // A standalone file is parsed as XML: the stylesheet (its comments may hold `<svg>`) goes in CDATA.
  return markup.replace(
    /<style>([\s\S]*?)<\/style>/,
    (_whole, body: string) => `<style><![CDATA[${body.replaceAll(']]>', ']]]]><![CDATA[>')}]]></style>`,
  );
}
