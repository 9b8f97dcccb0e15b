import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import type { SegmentEvent } from '../types';
import { segmentRoles, stateBefore } from './roles';

const echo = simulate(findScenario('tcp-echo')!, { seed: 1 });
const segments = echo.events.flatMap((event, index) => (event.kind === 'segment' ? [{ event, index }] : []));
const role = (test: (segment: SegmentEvent) => boolean) => {
  const found = segments.find(({ event }) => test(event));
  return found === undefined ? undefined : segmentRoles(echo).get(found.index);
};
const fins = segments.filter(({ event }) => event.flags.includes('FIN'));

describe('segmentRoles (tcp-echo)', () => {
  it('tells the first FIN (server, FIN-WAIT-1) from the answer FIN (client, LAST-ACK)', () => {
    expect(fins.map(({ index }) => segmentRoles(echo).get(index))).toMatchObject([
      { fin: 'first', senderState: 'FIN-WAIT-1' },
      { fin: 'answer', senderState: 'LAST-ACK' },
    ]);
  });

  it('says what each ACK newly acknowledges: the SYN, data bytes, the FIN', () => {
    const pureAcks = segments
      .filter(({ event }) => event.flags.join() === 'ACK' && event.len === 0)
      .map(({ index }) => segmentRoles(echo).get(index)?.acknowledges);
    expect(pureAcks[0]).toEqual({ syn: true, bytes: 0, fin: false });
    expect(pureAcks).toContainEqual({ syn: false, bytes: 14, fin: false });
    expect(pureAcks.at(-1)).toEqual({ syn: false, bytes: 0, fin: true });
    expect(role((segment) => segment.flags.includes('SYN') && !segment.flags.includes('ACK'))?.acknowledges).toBe(
      undefined,
    );
  });

  it('gives every event the state its socket was in just before it', () => {
    const states = stateBefore(echo);
    echo.events.forEach((event, index) => {
      if (event.kind === 'state' && event.from !== 'CLOSED' && event.from !== 'LISTEN')
        expect(states.at(index)).toBe(event.from);
    });
  });
});
