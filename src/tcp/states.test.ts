import { describe, expect, it } from 'vitest';
import type { TcpState } from '.';
import { isRfcTransition, isSynchronized, TCP_STATES } from '.';

// RFC 9293 3.3.2 Figure 5, arrow by arrow.
const figure5: readonly (readonly [TcpState, TcpState])[] = [
  ['CLOSED', 'LISTEN'], // passive OPEN
  ['CLOSED', 'SYN-SENT'], // active OPEN, snd SYN
  ['LISTEN', 'CLOSED'], // CLOSE
  ['LISTEN', 'SYN-RECEIVED'], // rcv SYN, snd SYN,ACK
  ['LISTEN', 'SYN-SENT'], // SEND, snd SYN
  ['SYN-SENT', 'CLOSED'], // CLOSE
  ['SYN-SENT', 'SYN-RECEIVED'], // rcv SYN, snd SYN,ACK (simultaneous open)
  ['SYN-SENT', 'ESTABLISHED'], // rcv SYN,ACK, snd ACK
  ['SYN-RECEIVED', 'LISTEN'], // rcv RST (note 1)
  ['SYN-RECEIVED', 'ESTABLISHED'], // rcv ACK of SYN
  ['SYN-RECEIVED', 'FIN-WAIT-1'], // CLOSE, snd FIN
  ['ESTABLISHED', 'FIN-WAIT-1'], // CLOSE, snd FIN
  ['ESTABLISHED', 'CLOSE-WAIT'], // rcv FIN, snd ACK
  ['FIN-WAIT-1', 'FIN-WAIT-2'], // rcv ACK of FIN
  ['FIN-WAIT-1', 'CLOSING'], // rcv FIN, snd ACK
  ['FIN-WAIT-2', 'TIME-WAIT'], // rcv FIN, snd ACK
  ['CLOSE-WAIT', 'LAST-ACK'], // CLOSE, snd FIN
  ['CLOSING', 'TIME-WAIT'], // rcv ACK of FIN
  ['LAST-ACK', 'CLOSED'], // rcv ACK of FIN
  ['TIME-WAIT', 'CLOSED'], // Timeout=2MSL
];

// Exits that RFC 9293 3.10 adds to the figure: RST (3.10.7.4 second step), ABORT (3.10.5), timeouts.
const addedBySection310: readonly (readonly [TcpState, TcpState])[] = [
  ['SYN-RECEIVED', 'CLOSED'],
  ['ESTABLISHED', 'CLOSED'],
  ['FIN-WAIT-1', 'CLOSED'],
  ['FIN-WAIT-2', 'CLOSED'],
  ['CLOSE-WAIT', 'CLOSED'],
  ['CLOSING', 'CLOSED'],
  ['TIME-WAIT', 'CLOSED'],
  // 3.10.7.4 eighth step, FIN-WAIT-1: "If our FIN has been ACKed (perhaps in this segment), then enter TIME-WAIT"
  ['FIN-WAIT-1', 'TIME-WAIT'],
];

const notInTheRfc: readonly (readonly [TcpState, TcpState])[] = [
  ['ESTABLISHED', 'TIME-WAIT'],
  ['LISTEN', 'ESTABLISHED'],
  ['CLOSED', 'ESTABLISHED'],
  ['CLOSED', 'SYN-RECEIVED'],
  ['SYN-SENT', 'FIN-WAIT-1'],
  ['ESTABLISHED', 'LAST-ACK'],
  ['ESTABLISHED', 'SYN-SENT'],
  ['CLOSE-WAIT', 'FIN-WAIT-1'],
  ['CLOSE-WAIT', 'TIME-WAIT'],
  ['FIN-WAIT-2', 'CLOSING'],
  ['FIN-WAIT-2', 'FIN-WAIT-1'],
  ['CLOSING', 'FIN-WAIT-2'],
  ['LAST-ACK', 'TIME-WAIT'],
  ['TIME-WAIT', 'ESTABLISHED'],
  ['TIME-WAIT', 'LISTEN'],
];

describe('isRfcTransition', () => {
  it.each(figure5)('allows %s -> %s (RFC 9293 Figure 5)', (from, to) => {
    expect(isRfcTransition(from, to)).toBe(true);
  });

  it.each(addedBySection310)('allows %s -> %s (RFC 9293 3.10)', (from, to) => {
    expect(isRfcTransition(from, to)).toBe(true);
  });

  it.each(notInTheRfc)('refuses %s -> %s', (from, to) => {
    expect(isRfcTransition(from, to)).toBe(false);
  });

  it('allows nothing else', () => {
    const allowed = new Set([...figure5, ...addedBySection310].map(([from, to]) => `${from}>${to}`));
    const extra = TCP_STATES.flatMap((from) =>
      TCP_STATES.filter((to) => isRfcTransition(from, to) && !allowed.has(`${from}>${to}`)).map(
        (to) => `${from}>${to}`,
      ),
    );
    expect(extra).toEqual([]);
  });

  it('never allows a state to "change" to itself', () => {
    for (const state of TCP_STATES) expect(isRfcTransition(state, state)).toBe(false);
  });
});

describe('isSynchronized', () => {
  it('is false before the handshake completes and true after (RFC 9293 3.5)', () => {
    expect(TCP_STATES.filter(isSynchronized)).toEqual([
      'ESTABLISHED',
      'FIN-WAIT-1',
      'FIN-WAIT-2',
      'CLOSE-WAIT',
      'CLOSING',
      'LAST-ACK',
      'TIME-WAIT',
    ]);
  });
});
