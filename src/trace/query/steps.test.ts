import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import type { TraceEvent } from '../types';
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

// tcp-echo with seed 1, its events found by what they are rather than by position.
const trace = simulate(findScenario('tcp-echo')!, { seed: 1 });
const states = (shown: number) =>
  Object.fromEntries(hostStates(trace, shown).map((s) => [s.host, s.kind === 'tcp' ? s.state : s.kind]));
const find = (match: (event: TraceEvent) => boolean, from = 0): number => {
  const index = trace.events.findIndex((event, i) => i >= from && match(event));
  expect(index).toBeGreaterThanOrEqual(0);
  return index;
};
const stateAt = (host: string, to: string) => find((e) => e.kind === 'state' && e.host === host && e.to === to);
const firstTcb = find((e) => e.kind === 'tcb');
const synSent = stateAt('client', 'SYN-SENT');
const firstSegment = find((e) => e.kind === 'segment');
/** Events shown once the step of events[index] is the current one (its TCB snapshots included). */
const shownWith = (index: number) => shownEventCount(trace, cursorForEvent(trace, index));

describe('steps', () => {
  it('are every event but TCB snapshots', () => {
    expect(totalSteps(trace)).toBe(trace.events.filter((e) => e.kind !== 'tcb').length);
    expect(stepIndices(trace).every((index) => trace.events[index]?.kind !== 'tcb')).toBe(true);
  });

  it('show a TCB snapshot together with the step before it', () => {
    const cursor = cursorForEvent(trace, firstTcb - 1);
    expect(currentEventIndex(trace, cursor)).toBe(firstTcb - 1);
    expect(shownEventCount(trace, cursor)).toBe(firstTcb + 1);
    expect(shownEventCount(trace, 0)).toBe(0);
    expect(shownEventCount(trace, totalSteps(trace))).toBe(trace.events.length);
    expect(currentEventIndex(trace, 0)).toBeUndefined();
  });

  it('map an event back to its step', () => {
    expect(cursorForEvent(trace, firstTcb)).toBe(cursorForEvent(trace, firstTcb - 1));
    expect(currentEventIndex(trace, cursorForEvent(trace, 40))).toBe(trace.events[40]?.kind === 'tcb' ? 39 : 40);
  });

  it('jump to the next packet on the wire', () => {
    expect(currentEventIndex(trace, nextPacketCursor(trace, 0))).toBe(firstSegment); // the SYN
    expect(
      trace.events[currentEventIndex(trace, nextPacketCursor(trace, cursorForEvent(trace, firstSegment)))!],
    ).toMatchObject({
      kind: 'segment',
      id: 2,
    });
  });
});

describe('TCB snapshots in step with what changed them (RFC 9293 3.3.1)', () => {
  const tcbOf = (host: string, shown: number) => socketsAt(trace, shown).find((s) => s.host === host && s.tcb)?.tcb;

  it('a socket entering SYN-SENT shows its ISS and SND.NXT = ISS + 1 at that step (RFC 9293 3.10.1)', () => {
    const tcb = tcbOf('client', shownWith(synSent));
    expect(tcb?.state).toBe('SYN-SENT');
    expect(tcb?.sndNxt).toBe((tcb!.iss + 1) >>> 0);
  });

  it('the server’s SYN-RECEIVED step knows IRS and RCV.NXT; the client’s ESTABLISHED step too', () => {
    const server = tcbOf('server', shownWith(stateAt('server', 'SYN-RECEIVED')));
    expect(server?.state).toBe('SYN-RECEIVED');
    expect(server?.rcvNxt).toBe((server!.irs + 1) >>> 0);
    const client = tcbOf('client', shownWith(stateAt('client', 'ESTABLISHED')));
    expect(client?.state).toBe('ESTABLISHED');
    expect(client?.irs).toBe(server?.iss);
    expect(client?.rcvNxt).toBe((server!.iss + 1) >>> 0);
  });

  it('SND.NXT covers every data segment at the step that segment is drawn', () => {
    trace.events.forEach((event, index) => {
      if (event.kind !== 'segment' || event.len === 0 || event.retransmission === true) return;
      const view = socketsAt(trace, shownWith(index)).find((s) => s.host === event.from && s.socket === event.socket);
      const after = (event.seq + event.len + (event.flags.includes('FIN') ? 1 : 0)) >>> 0;
      expect(((view!.tcb!.sndNxt - after) | 0) >= 0, `segment ${event.id}`).toBe(true);
    });
  });
});

describe('hostStates', () => {
  it('says CLOSED before anything, then LISTEN for a host with only a listener', () => {
    expect(states(0)).toEqual({ server: 'CLOSED', client: 'CLOSED' });
    expect(states(stateAt('server', 'LISTEN') + 1)).toEqual({ server: 'LISTEN', client: 'CLOSED' });
    expect(states(synSent + 1)).toEqual({ server: 'LISTEN', client: 'SYN-SENT' });
  });

  it('follows the connection socket rather than the listener', () => {
    const synReceived = stateAt('server', 'SYN-RECEIVED');
    expect(states(synReceived + 1)).toEqual({ server: 'SYN-RECEIVED', client: 'SYN-SENT' });
    const listenerClosed = find(
      (e) => e.kind === 'state' && e.host === 'server' && e.socket === 3 && e.to === 'CLOSED',
    );
    expect(states(listenerClosed + 1)).toMatchObject({ server: 'FIN-WAIT-1' }); // the listener closed meanwhile
    expect(states(stateAt('server', 'TIME-WAIT') + 1)).toMatchObject({ server: 'TIME-WAIT' });
    expect(states(find((e) => e.kind === 'state' && e.host === 'client' && e.to === 'CLOSED') + 1)).toEqual({
      server: 'TIME-WAIT',
      client: 'CLOSED',
    });
    expect(states(trace.events.length)).toEqual({ server: 'CLOSED', client: 'CLOSED' });
  });

  it('names the socket followed', () => {
    const shown = stateAt('server', 'SYN-RECEIVED') + 1;
    expect(hostStates(trace, shown).find((s) => s.host === 'server')).toMatchObject({ kind: 'tcp', socket: 4 });
  });
});

describe('socketsAt and timersAt', () => {
  it('gives each socket its latest TCB snapshot and running timers', () => {
    const retransmitSet = find((e) => e.kind === 'timer' && e.host === 'client' && e.action === 'set');
    const sockets = socketsAt(trace, retransmitSet + 1);
    const client = sockets.find((s) => s.host === 'client');
    expect(client).toMatchObject({ socket: 3, state: 'SYN-SENT', tcbIndex: firstTcb });
    expect(client?.tcb?.sndNxt).toBe((client!.tcb!.iss + 1) % 2 ** 32);
    // The SYN sent at 1 ms; its 1 s RTO fires on the kernel tick (250 jiffies, a bucket of 8): 1.024 s.
    expect(client?.timers).toEqual([{ timer: 'retransmit', at: 1_024_000 }]);
    const listener = sockets.find((s) => s.host === 'server' && s.socket === 3);
    expect(listener).toMatchObject({ state: 'LISTEN', timers: [] });
    expect(listener?.tcb).toBeUndefined();
  });

  it('says which sockets are listeners: they hold no connection variables', () => {
    const end = socketsAt(trace, trace.events.length);
    expect(end.map((s) => [s.host, s.socket, s.role])).toEqual([
      ['server', 3, 'listener'],
      ['client', 3, 'connection'],
      ['server', 4, 'connection'],
    ]);
  });

  it('keeps the previous snapshot to show what changed', () => {
    const client = socketsAt(trace, shownWith(stateAt('client', 'ESTABLISHED'))).find((s) => s.host === 'client');
    expect(client?.previous?.state).toBe('SYN-SENT');
    expect(client?.tcb?.state).toBe('ESTABLISHED');
  });

  it('forgets cancelled and fired timers', () => {
    const cancel = find((e) => e.kind === 'timer' && e.host === 'client' && e.action === 'cancel');
    expect(timersAt(trace, cancel).get('client/3')).toHaveLength(1);
    expect(timersAt(trace, cancel + 1).get('client/3')).toBeUndefined();
    const timeWait = find((e) => e.kind === 'timer' && e.timer === 'time-wait' && e.action === 'set');
    expect(timersAt(trace, timeWait + 1).get('server/4')).toEqual([{ timer: 'time-wait', at: 60_026_000 }]);
    expect(timersAt(trace, trace.events.length).get('server/4')).toBeUndefined();
  });

  it('a later state event wins over an older TCB snapshot', () => {
    const client = socketsAt(trace, trace.events.length).find((s) => s.host === 'client');
    expect(client?.state).toBe('CLOSED');
    expect(client?.tcb?.state).toBe('LAST-ACK');
  });
});
