import { describe, expect, it } from 'vitest';
import { bulkTransferTrace } from '../bench/bulkTrace';
import { layoutTrace } from '../../diagram';

describe('layoutTrace on a long trace', () => {
  it('lays out a 200,000-segment bulk transfer without overflowing the stack', () => {
    const trace = bulkTransferTrace(200_000);
    expect(trace.events.filter((e) => e.kind === 'segment').length).toBeGreaterThanOrEqual(200_000);
    const layout = layoutTrace(trace);
    expect(layout.height).toBeGreaterThan(0);
    expect(Number.isFinite(layout.width)).toBe(true);
  }, 120_000);
});
