// The built-in scenario library: one JSON file per lesson, validated when loaded.
import type { Scenario } from '../schema';
import { validateScenario } from '../validate';
import tcpEcho from './tcp-echo.json';
// group A (imports)
import tcpEchoLoop from './tcp-echo-loop.json';
import tcpMultiClient from './tcp-multi-client.json';
import tcpStreamFraming from './tcp-stream-framing.json';
import tcpRefused from './tcp-refused.json';
import tcpTimeout from './tcp-timeout.json';
import tcpRetransmission from './tcp-retransmission.json';
import tcpHalfClose from './tcp-half-close.json';
import tcpAbortRst from './tcp-abort-rst.json';
// group B (imports)
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
  // group A (entries)
  tcpEchoLoop,
  tcpMultiClient,
  tcpStreamFraming,
  tcpRefused,
  tcpTimeout,
  tcpRetransmission,
  tcpHalfClose,
  tcpAbortRst,
  // group B (entries)
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

function load(json: unknown): Scenario {
  const result = validateScenario(json);
  if (!result.ok) {
    const id = (json as { id?: unknown }).id;
    const first = result.problems[0];
    throw new Error(`built-in scenario ${String(id)} is invalid: ${first?.path}: ${first?.message}`);
  }
  return result.scenario;
}

export const builtinScenarios: readonly Scenario[] = raw.map(load);

export function findScenario(id: string): Scenario | undefined {
  return builtinScenarios.find((scenario) => scenario.id === id);
}
