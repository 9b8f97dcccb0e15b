// The scenario picker's sections: each scenario sits under the group of its first concept, so
// every lesson appears exactly once. Pure, so the grouping is tested without a browser.
import type { Scenario } from '../../scenario/schema';

const groupIds = ['connections', 'streams', 'failures', 'applications', 'udp', 'other'] as const;
export type GroupId = (typeof groupIds)[number];

const conceptGroups: Readonly<Record<string, GroupId>> = {
  handshake: 'connections',
  'data-transfer': 'connections',
  teardown: 'connections',
  'time-wait': 'connections',
  'half-close': 'connections',
  'simultaneous-close': 'connections',
  closing: 'connections',
  eof: 'connections',
  reuseaddr: 'connections',
  stream: 'streams',
  framing: 'streams',
  delimiter: 'streams',
  'length-prefix': 'streams',
  nagle: 'streams',
  nodelay: 'streams',
  'delayed-ack': 'streams',
  'write-write-read': 'streams',
  latency: 'streams',
  'congestion-control': 'streams',
  rst: 'failures',
  errno: 'failures',
  retransmission: 'failures',
  rto: 'failures',
  backoff: 'failures',
  loss: 'failures',
  timeout: 'failures',
  keepalive: 'failures',
  crash: 'failures',
  timers: 'failures',
  'so-linger': 'failures',
  'multi-client': 'applications',
  concurrency: 'applications',
  threads: 'applications',
  http: 'applications',
  udp: 'udp',
  datagram: 'udp',
  broadcast: 'udp',
  discovery: 'udp',
  icmp: 'udp',
};

export function groupOf(scenario: Pick<Scenario, 'concepts'>): GroupId {
  const first = scenario.concepts[0];
  return (first === undefined ? undefined : conceptGroups[first]) ?? 'other';
}

export interface ScenarioGroup<S> {
  id: GroupId;
  scenarios: S[];
}

/** Non-empty groups in the fixed teaching order; scenarios keep the library's order inside a group. */
export function groupScenarios<S extends Pick<Scenario, 'concepts'>>(scenarios: readonly S[]): ScenarioGroup<S>[] {
  return groupIds
    .map((id) => ({ id, scenarios: scenarios.filter((scenario) => groupOf(scenario) === id) }))
    .filter((group) => group.scenarios.length > 0);
}
