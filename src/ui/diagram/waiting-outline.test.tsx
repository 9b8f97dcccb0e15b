// A call still waiting far down a long transfer: its dashed outline is cut off screen, above the
// drawn range, with the dash pattern moved by what was cut, so what is on screen keeps every dash
// where the whole outline had it (issue 9: Skia dashed the whole 200,000-px outline for every tile).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { layoutTrace, type BarItem } from '../../diagram';
import { bulkTransferTrace } from '../bench/bulkTrace';
import { DiagramSvg } from './DiagramSvg';

const trace = bulkTransferTrace(2_000);
const layout = layoutTrace(trace, { width: 1280 });
const sendall = layout.items.find((item): item is BarItem => item.type === 'bar' && item.call === 'sendall')!;
const shown = Math.floor(trace.events.length / 2);

/** The <rect> of the sendall bar as drawn at mid-transfer, with the given drawn range. */
function sendallRect(view?: { top: number; bottom: number }) {
  const markup = renderToStaticMarkup(
    <DiagramSvg layout={layout} shownEvents={shown} lang="en" animate={false} css="" view={view} />,
  );
  const bar = new RegExp(`data-call="sendall"[^>]*>(?:<title>[^<]*</title>)<rect ([^>]*)></rect>`).exec(markup);
  expect(bar, 'the sendall bar is drawn').not.toBeNull();
  const attribute = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(bar![1]!)?.[1];
  return {
    y: Number(attribute('y')),
    height: Number(attribute('height')),
    offset: attribute('stroke-dashoffset'),
  };
}

describe('a waiting call over a long transfer', () => {
  const cursor = layout.eventY[shown - 1]!;

  it('is drawn whole when exported (no drawn range)', () => {
    const whole = sendallRect();
    expect(whole.y).toBe(sendall.y0 - 3);
    expect(whole.offset).toBeUndefined();
    expect(whole.y + whole.height).toBeGreaterThanOrEqual(cursor);
  });

  it('on screen, starts 2,048 to 4,096 px above the drawn range, dashes moved by the cut, same bottom', () => {
    const whole = sendallRect();
    const view = { top: cursor - 700, bottom: cursor + 400 };
    const cut = sendallRect(view);
    expect(view.top - cut.y).toBeGreaterThanOrEqual(2048);
    expect(view.top - cut.y).toBeLessThanOrEqual(4096);
    expect(Number(cut.offset)).toBeCloseTo(cut.y - whole.y, 6);
    expect(cut.y + cut.height).toBeCloseTo(whole.y + whole.height, 6);
  });

  it('near its call, is drawn whole', () => {
    const near = sendallRect({ top: sendall.y0 - 200, bottom: sendall.y0 + 800 });
    expect(near.y).toBe(sendall.y0 - 3);
    expect(near.offset).toBeUndefined();
  });
});
