import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import {
  currentEventIndex,
  cursorForEvent,
  hostStates,
  nextPacketCursor,
  shownEventCount,
  socketsAt,
  stepIndices,
  timersAt,
  totalSteps,
} from '.';

// tcp-echo with seed 1: events[5] server LISTEN, [11] client SYN-SENT, [14] client TCB,
// [16] server socket 4 SYN-RECEIVED, [21] client retransmit timer cancelled, [51] listener closed,
// [83] server TIME-WAIT, [90] client CLOSED, [92] server CLOSED.
const trace = simulate(findScenario('tcp-echo')!, { seed: 1 });
const states = (shown: number) =>
  Object.fromEntries(hostStates(trace, shown).map((s) => [s.host, s.kind === 'tcp' ? s.state : s.kind]));

describe('steps', () => {
  it('are every event but TCB snapshots', () => {
    expect(totalSteps(trace)).toBe(78);
    expect(stepIndices(trace).every((index) => trace.events[index]?.kind !== 'tcb')).toBe(true);
  });

  it('show a TCB snapshot together with the step before it', () => {
    // Step 14 is events[13] (a timer); events[14] is a TCB snapshot, so 15 events are drawn.
    expect(currentEventIndex(trace, 14)).toBe(13);
    expect(shownEventCount(trace, 14)).toBe(15);
    expect(shownEventCount(trace, 0)).toBe(0);
    expect(shownEventCount(trace, 78)).toBe(trace.events.length);
    expect(currentEventIndex(trace, 0)).toBeUndefined();
  });

  it('map an event back to its step', () => {
    expect(cursorForEvent(trace, 13)).toBe(14);
    expect(cursorForEvent(trace, 14)).toBe(14);
    expect(currentEventIndex(trace, cursorForEvent(trace, 40))).toBe(39);
  });

  it('jump to the next packet on the wire', () => {
    expect(currentEventIndex(trace, nextPacketCursor(trace, 0))).toBe(12); // the SYN
    expect(trace.events[currentEventIndex(trace, nextPacketCursor(trace, 13))!]).toMatchObject({
      kind: 'segment',
      id: 2,
    });
  });
});

describe('hostStates', () => {
  it('says CLOSED before anything, then LISTEN for a host with only a listener', () => {
    expect(states(0)).toEqual({ server: 'CLOSED', client: 'CLOSED' });
    expect(states(6)).toEqual({ server: 'LISTEN', client: 'CLOSED' });
    expect(states(12)).toEqual({ server: 'LISTEN', client: 'SYN-SENT' });
  });

  it('follows the connection socket rather than the listener', () => {
    expect(states(17)).toEqual({ server: 'SYN-RECEIVED', client: 'SYN-SENT' });
    expect(states(52)).toMatchObject({ server: 'FIN-WAIT-1' }); // the listener closed meanwhile
    expect(states(84)).toMatchObject({ server: 'TIME-WAIT' });
    expect(states(91)).toEqual({ server: 'TIME-WAIT', client: 'CLOSED' });
    expect(states(trace.events.length)).toEqual({ server: 'CLOSED', client: 'CLOSED' });
  });

  it('names the socket followed', () => {
    expect(hostStates(trace, 17).find((s) => s.host === 'server')).toMatchObject({ kind: 'tcp', socket: 4 });
  });
});

describe('socketsAt and timersAt', () => {
  it('gives each socket its latest TCB snapshot and running timers', () => {
    const sockets = socketsAt(trace, 15);
    const client = sockets.find((s) => s.host === 'client');
    expect(client).toMatchObject({ socket: 3, state: 'SYN-SENT', tcbIndex: 14 });
    expect(client?.tcb?.sndNxt).toBe((client!.tcb!.iss + 1) % 2 ** 32);
    expect(client?.timers).toEqual([{ timer: 'retransmit', at: 1_001_000 }]);
    const listener = sockets.find((s) => s.host === 'server' && s.socket === 3);
    expect(listener).toMatchObject({ state: 'LISTEN', timers: [] });
    expect(listener?.tcb).toBeUndefined();
  });

  it('keeps the previous snapshot to show what changed', () => {
    const client = socketsAt(trace, 25).find((s) => s.host === 'client');
    expect(client?.previous?.state).toBe('SYN-SENT');
    expect(client?.tcb?.state).toBe('ESTABLISHED');
  });

  it('forgets cancelled and fired timers', () => {
    expect(timersAt(trace, 21).get('client/3')).toHaveLength(1);
    expect(timersAt(trace, 22).get('client/3')).toBeUndefined();
    expect(timersAt(trace, 86).get('server/4')).toEqual([{ timer: 'time-wait', at: 60_026_000 }]);
    expect(timersAt(trace, trace.events.length).get('server/4')).toBeUndefined();
  });

  it('a later state event wins over an older TCB snapshot', () => {
    const client = socketsAt(trace, trace.events.length).find((s) => s.host === 'client');
    expect(client?.state).toBe('CLOSED');
    expect(client?.tcb?.state).toBe('LAST-ACK');
  });
});
