// RFC 9293 3.3.2 (Figure 5) state diagram, plus the RST, abort and timeout exits that the event
// processing rules of 3.10 add. Every state change the simulator makes is checked against it.

/** RFC 9293 3.3.2 state names, spelled the RFC's way (the one list the code base uses). */
export const TCP_STATES = [
  'CLOSED',
  'LISTEN',
  'SYN-SENT',
  'SYN-RECEIVED',
  'ESTABLISHED',
  'FIN-WAIT-1',
  'FIN-WAIT-2',
  'CLOSE-WAIT',
  'CLOSING',
  'LAST-ACK',
  'TIME-WAIT',
] as const;
export type TcpState = (typeof TCP_STATES)[number];

const transitions: Record<TcpState, readonly TcpState[]> = {
  CLOSED: ['LISTEN', 'SYN-SENT'], // passive OPEN, active OPEN
  LISTEN: ['SYN-RECEIVED', 'SYN-SENT', 'CLOSED'], // rcv SYN, SEND, CLOSE
  'SYN-SENT': ['SYN-RECEIVED', 'ESTABLISHED', 'CLOSED'], // rcv SYN (simultaneous open), rcv SYN,ACK, CLOSE/RST/timeout
  'SYN-RECEIVED': ['ESTABLISHED', 'FIN-WAIT-1', 'LISTEN', 'CLOSED'], // rcv ACK of SYN, CLOSE, RST (3.10.7.4)
  ESTABLISHED: ['FIN-WAIT-1', 'CLOSE-WAIT', 'CLOSED'], // CLOSE, rcv FIN, RST/abort
  'FIN-WAIT-1': ['FIN-WAIT-2', 'CLOSING', 'TIME-WAIT', 'CLOSED'], // rcv ACK of FIN, rcv FIN, rcv FIN+ACK, RST
  'FIN-WAIT-2': ['TIME-WAIT', 'CLOSED'], // rcv FIN, RST or Linux's tcp_fin_timeout
  'CLOSE-WAIT': ['LAST-ACK', 'CLOSED'], // CLOSE, RST/abort
  CLOSING: ['TIME-WAIT', 'CLOSED'], // rcv ACK of FIN, RST
  'LAST-ACK': ['CLOSED'], // rcv ACK of FIN, RST
  'TIME-WAIT': ['CLOSED'], // 2*MSL timeout, RST
};

export function isRfcTransition(from: TcpState, to: TcpState): boolean {
  return transitions[from].includes(to);
}

/** States in which the connection is synchronized (RFC 9293 3.5). */
export function isSynchronized(state: TcpState): boolean {
  return state !== 'CLOSED' && state !== 'LISTEN' && state !== 'SYN-SENT' && state !== 'SYN-RECEIVED';
}
