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

/**
 * A big one-connection bulk transfer for the big-capture benchmark and e2e tests: handshake, then
 * data segments (1460 bytes each, cut at the 40-byte headers as `tcpdump -s 40` would) each
 * answered by an ACK, then both FINs: `packets` packets in all (at least 7). Written straight into
 * one buffer, so a million packets take well under a second and 56 MB.
 */
export function bulkCapture(packets: number): Uint8Array {
  const count = Math.max(7, Math.floor(packets));
  const recordBytes = 16 + 40;
  const out = new Uint8Array(24 + count * recordBytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0xa1b2c3d4, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, 40, true); // snap length
  view.setUint32(20, 101, true); // raw IP
  const client = { addr: [10, 0, 0, 2], port: 41000, isn: 1000 };
  const server = { addr: [10, 0, 0, 1], port: 8080, isn: 5000 };
  const mss = 1460;
  const dataSegments = Math.floor((count - 7) / 2);
  let at = 24;
  let micros = 0;
  let sent = 0; // client bytes sent after its SYN
  const write = (fromClient: boolean, flags: number, seq: number, ack: number, len: number): void => {
    micros += fromClient ? 120 : 5;
    const [src, dst] = fromClient ? [client, server] : [server, client];
    view.setUint32(at, 1_700_000_000 + Math.floor(micros / 1e6), true);
    view.setUint32(at + 4, micros % 1e6, true);
    view.setUint32(at + 8, 40, true);
    view.setUint32(at + 12, 40 + len, true);
    const ip = at + 16;
    out[ip] = 0x45;
    view.setUint16(ip + 2, 40 + len);
    out[ip + 8] = 64;
    out[ip + 9] = 6;
    out.set(src.addr, ip + 12);
    out.set(dst.addr, ip + 16);
    const tcp = ip + 20;
    view.setUint16(tcp, src.port);
    view.setUint16(tcp + 2, dst.port);
    view.setUint32(tcp + 4, seq >>> 0);
    view.setUint32(tcp + 8, ack >>> 0);
    out[tcp + 12] = 5 << 4;
    out[tcp + 13] = flags;
    view.setUint16(tcp + 14, 65535);
    at += recordBytes;
  };
  const c = client.isn;
  const s = server.isn;
  write(true, SYN, c, 0, 0);
  write(false, SYN | ACK, s, c + 1, 0);
  write(true, ACK, c + 1, s + 1, 0);
  for (let i = 0; i < dataSegments; i++) {
    write(true, PSH | ACK, c + 1 + sent, s + 1, mss);
    sent += mss;
    write(false, ACK, s + 1, c + 1 + sent, 0);
  }
  write(true, FIN | ACK, c + 1 + sent, s + 1, 0);
  write(false, FIN | ACK, s + 1, c + 2 + sent, 0);
  write(true, ACK, c + 2 + sent, s + 2, 0);
  // An odd count: one more ACK (a duplicate of the last) fills the last record.
  while (at < out.length) write(false, ACK, s + 2, c + 2 + sent, 0);
  return out;
}
