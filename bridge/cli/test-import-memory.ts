// The child process of import-memory.test.ts (issue 15, finding 8): `node --import tsx
// bridge/cli/test-import-memory.ts FILE` runs the CLI's `import FILE` path (printImport, the JSON
// written to /dev/null as it is made) and prints its own resident high-water mark (getrusage's
// ru_maxrss, through process.resourceUsage) before the file is read and after the import, and the
// size of V8's young generation then, as JSON.
// The captures it is given are written fast, straight into their bytes (the test writer builds a
// record object per packet, too slow for 200,000).
import { closeSync, openSync, writeSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { printImport } from './commands';
import { nodeIo } from './node-io';

export interface ImportMemory {
  fileBytes: number;
  /** ru_maxrss with the modules loaded, before the file is read, in bytes. */
  baselineRss: number;
  /** ru_maxrss once the import has ended, in bytes. */
  peakRss: number;
  /** V8's young generation once the import has ended (both semi-spaces, committed), in bytes. */
  youngGeneration: number;
}

const pcapHeader = 24;
const recordHeader = 16;
/** Ethernet, IPv4 without options, TCP without options. */
const headers = 14 + 20 + 20;

/**
 * A µs pcap of `packets` Ethernet/IPv4/TCP records: every one a SYN from its own address and port
 * (`syns`, a SYN flood: a connection per packet), or connections of 13 packets each (handshake,
 * 4 segments of 100 bytes and their ACKs, FIN,ACK both ways, the last ACK).
 */
export function fastCapture(packets: number, shape: 'syns' | 'connections'): Uint8Array {
  const payload = 100;
  const dataPackets = shape === 'syns' ? 0 : Math.floor(packets / 13) * 4 + Math.max(0, (packets % 13) - 3);
  const bytes = new Uint8Array(pcapHeader + packets * (recordHeader + headers) + dataPackets * payload);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0xa1b2c3d4, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, 65535, true);
  view.setUint32(20, 1, true);
  let at = pcapHeader;
  const server = 0x0aff0001;
  const record = (
    i: number,
    toServer: boolean,
    client: number,
    port: number,
    bits: number,
    seq: number,
    ack: number,
    len: number,
  ): void => {
    const length = headers + len;
    view.setUint32(at, 1_700_000_000 + Math.floor(i / 100_000), true);
    view.setUint32(at + 4, (i % 100_000) * 10, true);
    view.setUint32(at + 8, length, true);
    view.setUint32(at + 12, length, true);
    const ip = at + recordHeader + 14;
    view.setUint16(ip - 2, 0x0800);
    bytes[ip] = 0x45;
    view.setUint16(ip + 2, 40 + len);
    bytes[ip + 8] = 64;
    bytes[ip + 9] = 6;
    view.setUint32(ip + 12, toServer ? client : server);
    view.setUint32(ip + 16, toServer ? server : client);
    const tcp = ip + 20;
    view.setUint16(tcp, toServer ? port : 80);
    view.setUint16(tcp + 2, toServer ? 80 : port);
    view.setUint32(tcp + 4, seq);
    view.setUint32(tcp + 8, ack);
    bytes[tcp + 12] = 5 << 4;
    bytes[tcp + 13] = bits;
    view.setUint16(tcp + 14, 65535);
    bytes.fill(0x41, tcp + 20, tcp + 20 + len);
    at += recordHeader + length;
  };
  const SYN = 0x02;
  const ACK = 0x10;
  const FIN = 0x01;
  const PSH = 0x08;
  let i = 0;
  for (let c = 0; i < packets; c++) {
    const client = 0x0a000000 + c;
    const port = 1024 + (c % 60_000);
    if (shape === 'syns') {
      record(i++, true, client, port, SYN, c, 0, 0);
      continue;
    }
    const script: [boolean, number, number, number, number][] = [
      [true, SYN, 0, 0, 0],
      [false, SYN | ACK, 0, 1, 0],
      [true, ACK, 1, 1, 0],
    ];
    for (let d = 0; d < 4; d++)
      script.push([true, PSH | ACK, 1 + payload * d, 1, payload], [false, ACK, 1, 1 + payload * (d + 1), 0]);
    script.push([true, FIN | ACK, 401, 1, 0], [false, FIN | ACK, 1, 402, 0], [true, ACK, 402, 2, 0]);
    for (const [toServer, bits, seq, ack, len] of script)
      if (i < packets) record(i++, toServer, client, port, bits, seq, ack, len);
  }
  return bytes.subarray(0, at);
}

async function main(file: string): Promise<void> {
  const devNull = openSync('/dev/null', 'w');
  // ru_maxrss is in kibibytes on Linux.
  const baselineRss = process.resourceUsage().maxRSS * 1024;
  let fileBytes = 0;
  const io = {
    ...nodeIo,
    stdout: (text: string): void => void writeSync(devNull, text),
    readBinaryFile: async (path: string): Promise<Uint8Array> => {
      const bytes = await nodeIo.readBinaryFile(path);
      fileBytes = bytes.length;
      return bytes;
    },
  };
  await printImport(file, {}, io);
  closeSync(devNull);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const youngGeneration = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
  const result: ImportMemory = { fileBytes, baselineRss, peakRss, youngGeneration };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) void main(process.argv[2] as string);
