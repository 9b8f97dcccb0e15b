// English messages. Keys are grouped by the part of the page that shows them; `{name}` marks a
// value filled in at run time. fr.ts must have exactly the same keys (checked by TypeScript).
export const en = {
  'app.name': 'Wirestep',
  'app.tagline': 'The client–server socket flow, step by step',
  'app.crashed': 'Something went wrong while drawing this page: {message}',
  'app.reload': 'Reload the page',

  'lang.label': 'Language',
  'lang.en': 'English',
  'lang.fr': 'French',

  'scenarios.heading': 'Scenarios',
  'scenarios.count.one': '{count} built-in scenario',
  'scenarios.count.other': '{count} built-in scenarios',
  'scenarios.concepts': 'Concepts',
  'scenarios.empty': 'No built-in scenario was found.',

  'scenario.none': 'Choose a scenario to simulate it and list what happens on the network.',
  'scenario.seed': 'Seed',
  'scenario.seedHint': 'The same seed always gives the same run.',
  'scenario.hosts': 'Hosts',

  'trace.heading': 'Events',
  'trace.summary.one': '{count} event over {duration} ms of simulated time',
  'trace.summary.other': '{count} events over {duration} ms of simulated time',
  'trace.relativeSeq':
    'Sequence and acknowledgement numbers are relative to each side’s initial sequence number (ISN), as in Wireshark.',
  'trace.error': 'The simulation failed: {message}',
  'trace.running': 'Simulating…',
  'trace.showMore.one': 'Show {count} more event',
  'trace.showMore.other': 'Show {count} more events',
  'trace.col.time': 'Time (ms)',
  'trace.col.host': 'Host',
  'trace.col.kind': 'Event',
  'trace.col.details': 'Details',

  'kind.call': 'call',
  'kind.return': 'return',
  'kind.state': 'state',
  'kind.segment': 'segment',
  'kind.datagram': 'datagram',
  'kind.icmp': 'ICMP',
  'kind.deliver': 'delivered',
  'kind.drop': 'lost',
  'kind.timer': 'timer',
  'kind.note': 'note',

  'event.socket': 'socket {socket}',
  'event.returnOk': 'succeeded',
  'event.bytes.one': '{count} byte',
  'event.bytes.other': '{count} bytes',
  'event.inferred': '(inferred from the capture)',
  'event.retransmission': 'retransmission',
  'event.packet': 'packet #{id}',
  'event.deliveredTo': 'arrived at {host}',
  'event.lostBefore': 'lost before reaching {host}',
  'event.icmpAbout': 'in reply to packet #{id}',
  'event.timer.set': '{timer} timer set, expires at {at} ms',
  'event.timer.fire': '{timer} timer expired',
  'event.timer.cancel': '{timer} timer cancelled',

  'timer.retransmit': 'retransmission',
  'timer.delayed-ack': 'delayed ACK',
  'timer.time-wait': 'TIME-WAIT',
  'timer.keepalive': 'keepalive',
  'timer.persist': 'persist',
  'timer.fin-wait-2': 'FIN-WAIT-2',
  'timer.timeout': 'socket timeout',

  'icmp.port-unreachable': 'port unreachable',
  'icmp.host-unreachable': 'host unreachable',

  'concept.handshake': 'three-way handshake',
  'concept.data-transfer': 'data transfer',
  'concept.teardown': 'connection close',
  'concept.time-wait': 'TIME-WAIT',
} as const;

export type MessageKey = keyof typeof en;
