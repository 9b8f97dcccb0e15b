// What ends a run early, and the addresses the scripted peer and the socket under test use.
import type { Position } from './script';

export const LOCAL_ADDR = '192.168.0.1';
export const PEER_ADDR = '192.0.2.1';
/** packetdrill's defaults: the socket under test binds 8080; the peer connects from an ephemeral port. */
export const LOCAL_PORT = 8080;
export const PEER_PORT = 8080;
export const PEER_EPHEMERAL_PORT = 50000;

/** Ends a run: thrown by a line that fails or that the simulator cannot express. */
export class Stop {
  constructor(
    readonly status: 'fail' | 'unsupported',
    readonly at: Position,
    readonly detail: { expected?: string; got?: string; reason?: string },
  ) {}
}
