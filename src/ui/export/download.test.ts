import { describe, expect, it } from 'vitest';
import { exportFileName } from './download';

describe('exportFileName', () => {
  it('names the scenario and the step', () => {
    expect(exportFileName('tcp-echo', 12, 'svg')).toBe('wirestep-tcp-echo-step-12.svg');
    expect(exportFileName(null, 0, 'png')).toBe('wirestep-trace-step-0.png');
    expect(exportFileName('a b/c', 3, 'mmd')).toBe('wirestep-a-b-c-step-3.mmd');
  });
});
