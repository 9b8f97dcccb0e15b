// Small synthetic captures for the capture UI's unit and end-to-end tests: two TCP echo
// connections to one server (interleaved, as a real capture would have them) and a UDP datagram.
import { ACK, ascii, FIN, ipv4, PSH, SYN, tcpSegment, udpDatagram, writePcap } from '../../trace/import/test-writer';
import type { PcapRecord } from '../../trace/import/test-writer';

export const serverEndpoint = '10.0.0.1:8080';
export const clientEndpoints = ['10.0.0.2:41001', '10.0.0.3:41002'] as const;

interface Packet {
  from: 'client' | 'server';
  flags: number;
  seq: number;
  ack: number;
  payload?: string;
}

/** One echo exchange: handshake, "hello" and its echo, then the server closes first. */
function echo(): Packet[] {
  const c = 1000;
  const s = 5000;
  return [
    { from: 'client', flags: SYN, seq: c, ack: 0 },
    { from: 'server', flags: SYN | ACK, seq: s, ack: c + 1 },
    { from: 'client', flags: ACK, seq: c + 1, ack: s + 1 },
    { from: 'client', flags: PSH | ACK, seq: c + 1, ack: s + 1, payload: 'hello' },
    { from: 'server', flags: ACK, seq: s + 1, ack: c + 6 },
    { from: 'server', flags: PSH | ACK, seq: s + 1, ack: c + 6, payload: 'hello' },
    { from: 'client', flags: ACK, seq: c + 6, ack: s + 6 },
    { from: 'server', flags: FIN | ACK, seq: s + 6, ack: c + 6 },
    { from: 'client', flags: ACK, seq: c + 6, ack: s + 7 },
    { from: 'client', flags: FIN | ACK, seq: c + 6, ack: s + 7 },
    { from: 'server', flags: ACK, seq: s + 7, ack: c + 7 },
  ];
}

function split(endpoint: string): [string, number] {
  const at = endpoint.lastIndexOf(':');
  return [endpoint.slice(0, at), Number(endpoint.slice(at + 1))];
}

/** Raw-IP pcap (link type 101): connection 1 starts, connection 2 starts, then they alternate. */
export function twoConnectionCapture(): Uint8Array {
  const [serverAddr, serverPort] = split(serverEndpoint);
  const records: PcapRecord[] = [];
  let micros = 0;
  const push = (data: Uint8Array): void => {
    micros += 1500;
    records.push({ seconds: 1_700_000_000 + Math.floor(micros / 1e6), fraction: micros % 1e6, data });
  };
  const flows = clientEndpoints.map((client) => ({ client: split(client), packets: echo() }));
  for (let i = 0; flows.some((flow) => flow.packets.length > 0); i++) {
    for (const flow of flows) {
      const packet = flow.packets.shift();
      if (packet === undefined) continue;
      const [clientAddr, clientPort] = flow.client;
      const fromClient = packet.from === 'client';
      const segment = tcpSegment({
        srcPort: fromClient ? clientPort : serverPort,
        dstPort: fromClient ? serverPort : clientPort,
        seq: packet.seq,
        ack: packet.ack,
        flags: packet.flags,
        payload: packet.payload === undefined ? undefined : ascii(packet.payload),
      });
      push(ipv4(6, fromClient ? clientAddr : serverAddr, fromClient ? serverAddr : clientAddr, segment));
    }
    if (i === 3) push(ipv4(17, '10.0.0.9', '10.0.0.1', udpDatagram(5353, 5353, ascii('ping'))));
  }
  return writePcap(records, { linkType: 101 });
}
