import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteQueue, concatBytes, ReceivedBytes } from './bytes';

type Op =
  | { kind: 'append'; bytes: Uint8Array }
  | { kind: 'drop'; n: number }
  | { kind: 'peek'; offset: number; length: number }
  | { kind: 'take'; n: number }
  | { kind: 'takeChunks'; n: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.uint8Array({ maxLength: 40 }).map((bytes) => ({ kind: 'append' as const, bytes })),
  fc.nat(60).map((n) => ({ kind: 'drop' as const, n })),
  fc.record({ offset: fc.nat(80), length: fc.nat(80) }).map((p) => ({ kind: 'peek' as const, ...p })),
  fc.nat(60).map((n) => ({ kind: 'take' as const, n })),
  fc.nat(60).map((n) => ({ kind: 'takeChunks' as const, n })),
);

describe('ByteQueue', () => {
  it('behaves like a plain array of bytes under any sequence of operations', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const queue = new ByteQueue();
        let model: number[] = [];
        for (const o of ops) {
          switch (o.kind) {
            case 'append':
              queue.append(o.bytes);
              model.push(...o.bytes);
              break;
            case 'drop':
              queue.drop(o.n);
              model = model.slice(Math.min(o.n, model.length));
              break;
            case 'peek': {
              const offset = Math.min(o.offset, model.length);
              expect([...queue.peek(offset, o.length)]).toEqual(model.slice(offset, offset + o.length));
              break;
            }
            case 'take':
              expect([...queue.take(o.n)]).toEqual(model.slice(0, o.n));
              model = model.slice(Math.min(o.n, model.length));
              break;
            case 'takeChunks':
              expect([...concatBytes(queue.takeChunks(o.n))]).toEqual(model.slice(0, o.n));
              model = model.slice(Math.min(o.n, model.length));
              break;
          }
          expect(queue.length).toBe(model.length);
        }
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});

describe('ReceivedBytes', () => {
  it('joins its chunks only when asked, and previews the head', () => {
    const received = new ReceivedBytes([Uint8Array.of(1, 2), Uint8Array.of(3), Uint8Array.of(4, 5, 6)]);
    expect(received.length).toBe(6);
    expect([...received.head(4)]).toEqual([1, 2, 3, 4]);
    expect([...received.bytes()]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new ReceivedBytes([]).length).toBe(0);
  });
});
