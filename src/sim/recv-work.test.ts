// Framed reads do work linear in the bytes read: every byte copied (concatBytes) or searched
// (indexOfBytes) is counted while 1 MB arrives in 1,000-byte chunks.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Step } from '../scenario/schema';
import type { Blocking, Kernel, Result } from './kernel';
import { runSteps, type Runtime, type Value } from './program';

const work = vi.hoisted(() => ({ bytes: 0 }));

vi.mock('./bytes', async (importOriginal) => {
  const original = await importOriginal<typeof import('./bytes')>();
  return {
    ...original,
    concatBytes: (parts: readonly Uint8Array[]) => {
      for (const part of parts) work.bytes += part.length;
      return original.concatBytes(parts);
    },
    indexOfBytes: (haystack: Uint8Array, needle: Uint8Array) => {
      work.bytes += haystack.length;
      return original.indexOfBytes(haystack, needle);
    },
  };
});

beforeEach(() => {
  work.bytes = 0;
});

/** Runs `step` over a stream handed out by a recv() that never blocks. */
function read(stream: Uint8Array, step: Step): void {
  let at = 0;
  const kernel = {
    *recv(_fd: number, max: number): Blocking<Result<{ length: number; bytes: () => Uint8Array }>> {
      const part = stream.subarray(at, at + max);
      at += part.length;
      return { ok: true, value: { length: part.length, bytes: () => part } };
    },
  } as unknown as Kernel;
  const vars = new Map<string, Value>([['conn', { kind: 'socket', fd: 3 }]]);
  const noop = (): void => {};
  const rt: Runtime = {
    kernel,
    leftovers: new Map(),
    groups: new Map(),
    spawn: noop,
    setStep: noop,
    countStep: noop,
    own: noop,
    disown: noop,
    note: noop,
  };
  expect(runSteps(rt, [step], '0', vars, 0).next(false).done).toBe(true);
}

const megabyte = 1_000_000;

describe('work of framed reads on 1 MB in 1,000-byte chunks', () => {
  it('recvuntil copies and searches each byte a few times, not once per chunk', () => {
    const stream = new Uint8Array(megabyte + 2).fill(0x61);
    stream.set([0x0d, 0x0a], megabyte);
    read(stream, { op: 'recvuntil', socket: 'conn', delimiter: '\r\n', chunk: 1000, as: 'line' });
    expect(work.bytes).toBeLessThan(4 * megabyte);
  });

  it('recvexact copies each byte a few times', () => {
    read(new Uint8Array(megabyte), { op: 'recvexact', socket: 'conn', bytes: megabyte, chunk: 1000, as: 'body' });
    expect(work.bytes).toBeLessThan(4 * megabyte);
  });
});
