// The built-in scenario library: one JSON file per lesson, in the order the picker lists them.
import type { Scenario } from '../schema';
import tcpEcho from './tcp-echo.json';
import tcpEchoLoop from './tcp-echo-loop.json';
import tcpMultiClient from './tcp-multi-client.json';
import tcpStreamFraming from './tcp-stream-framing.json';
import tcpRefused from './tcp-refused.json';
import tcpTimeout from './tcp-timeout.json';
import tcpRetransmission from './tcp-retransmission.json';
import congestionControl from './congestion-control.json';
import tcpHalfClose from './tcp-half-close.json';
import tcpAbortRst from './tcp-abort-rst.json';
import tcpSimultaneousClose from './tcp-simultaneous-close.json';
import timeWaitReuseaddr from './time-wait-reuseaddr.json';
import nagle from './nagle.json';
import nagleNodelay from './nagle-nodelay.json';
import keepalive from './keepalive.json';
import udpEcho from './udp-echo.json';
import udpDiscovery from './udp-discovery.json';
import chat from './chat.json';
import httpGet from './http-get.json';

const raw: unknown[] = [
  tcpEcho,
  tcpEchoLoop,
  tcpMultiClient,
  tcpStreamFraming,
  tcpRefused,
  tcpTimeout,
  tcpRetransmission,
  congestionControl,
  tcpHalfClose,
  tcpAbortRst,
  tcpSimultaneousClose,
  timeWaitReuseaddr,
  nagle,
  nagleNodelay,
  keepalive,
  udpEcho,
  udpDiscovery,
  chat,
  httpGet,
];

/**
 * The lessons are checked against the schema by library.test.ts, not at run time: that keeps the
 * schema library out of the app's first download. Untrusted scenarios are validated where they
 * enter (files, the bridge).
 */
export const builtinScenarios: readonly Scenario[] = raw as Scenario[];

export function findScenario(id: string): Scenario | undefined {
  return builtinScenarios.find((scenario) => scenario.id === id);
}
