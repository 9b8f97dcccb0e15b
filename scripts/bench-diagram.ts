// Diagram performance on a bulk transfer of 10,000 segments: `npx tsx scripts/bench-diagram.ts`.
// Prints JSON: layoutTrace time (median of 5 runs) and the cost of one step (drawing the items
// of a 720 px viewport at a cursor, median of 50), against the 1 s / 16 ms targets.
import { bulkTransferTrace } from '../src/ui/bench/bulkTrace';

// React's production build, as in the app (set before React is loaded).
process.env.NODE_ENV ??= 'production';
const { createElement } = await import('react');
const { renderToStaticMarkup } = await import('react-dom/server');
const { DiagramSvg } = await import('../src/ui/diagram/DiagramSvg');
const { layoutTrace } = await import('../src/diagram');

const segmentCount = 10_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const trace = bulkTransferTrace(segmentCount);
const segments = trace.events.filter((e) => e.kind === 'segment').length;
const layoutRuns: number[] = [];
let layout = layoutTrace(trace);
for (let run = 0; run < 5; run++) {
  const started = performance.now();
  layout = layoutTrace(trace, { width: 1280 });
  layoutRuns.push(performance.now() - started);
}
const stepRuns: number[] = [];
for (let run = 0; run < 50; run++) {
  const shown = Math.floor(((run + 1) / 51) * trace.events.length);
  const y = layout.eventY[shown - 1]!;
  const started = performance.now();
  renderToStaticMarkup(
    createElement(DiagramSvg, {
      layout,
      shownEvents: shown,
      lang: 'en',
      animate: false,
      css: '',
      view: { top: y - 1100, bottom: y + 400 },
    }),
  );
  stepRuns.push(performance.now() - started);
}
const layoutMs = median(layoutRuns);
const stepMs = median(stepRuns);
console.log(
  JSON.stringify(
    {
      benchmark: 'diagram',
      segments,
      events: trace.events.length,
      items: layout.items.length,
      heightPx: layout.height,
      layoutMs: Number(layoutMs.toFixed(1)),
      layoutTargetMs: 1000,
      stepRenderMs: Number(stepMs.toFixed(2)),
      stepTargetMs: 16,
      ok: layoutMs < 1000 && stepMs < 16,
    },
    null,
    2,
  ),
);
