// The inputs of the importer's reference test (reference.test.ts): every capture file of the
// fixtures and of ../shared/captures, each also damaged in seeded ways, and seeded random
// captures that mix TCP (every flag combination, window scale and SACK options, port reuse,
// IPv4 and IPv6), UDP and ICMP errors quoting earlier packets, with timestamps that sometimes go
// backwards. Deterministic: the same list every run, so the Traces they give can be recorded
// (fixtures/reference-traces.json) and a rewrite of the importer checked against them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACK,
  ethernet,
  FIN,
  icmpv4PortUnreachable,
  icmpv6PortUnreachable,
  ipv4,
  ipv6,
  options,
  PSH,
  RST,
  SYN,
  tcpOption,
  tcpSegment,
  udpDatagram,
  writePcap,
  writePcapng,
  type PcapngBlock,
  type PcapRecord,
} from './test-writer';

export const fixtureDir = join(import.meta.dirname, 'fixtures');
export const sharedDir = join(import.meta.dirname, '../../../../shared/captures/tcpdump-tests');

/** mulberry32: a small seeded generator, so the inputs never depend on a library's version. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function captureFiles(dir: string, prefix: string): [string, Uint8Array][] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.pcap(ng)?$/.test(name))
    .sort()
    .map((name) => [`${prefix}/${name}`, new Uint8Array(readFileSync(join(dir, name)))]);
}

/** A copy of `bytes` cut, with bytes flipped or a 32-bit field made huge (one damage per copy). */
function damaged(bytes: Uint8Array, next: () => number): Uint8Array {
  const pick = (n: number): number => Math.floor(next() * n);
  const kind = pick(3);
  if (kind === 0) return bytes.slice(0, pick(bytes.length + 1));
  const out = bytes.slice();
  if (out.length === 0) return out;
  if (kind === 1) {
    for (let i = 0, n = 1 + pick(8); i < n; i++) out[pick(out.length)] = pick(256);
    return out;
  }
  const at = pick(Math.max(1, out.length - 4));
  const view = new DataView(out.buffer);
  if (at + 4 <= out.length) view.setUint32(at, [0xffffffff, 0x7fffffff, 0x10000, 0][pick(4)] as number, next() < 0.5);
  return out;
}

const hosts4 = ['10.0.0.1', '10.0.0.2', '192.168.1.7'];
const hosts6 = ['2001:db8::1', 'fe80::2'];
const ports = [80, 443, 40000, 40001];
const flagChoices = [SYN, SYN | ACK, ACK, PSH | ACK, FIN | ACK, FIN, RST, RST | ACK, SYN | FIN, 0];

/** One random TCP option list: MSS, window scale (up to 15), SACK-permitted, timestamps, SACK blocks. */
function randomOptions(next: () => number): Uint8Array {
  const parts: Uint8Array[] = [];
  if (next() < 0.4) parts.push(tcpOption.mss(536 + Math.floor(next() * 9000)));
  if (next() < 0.5) parts.push(tcpOption.nop(), tcpOption.wscale(Math.floor(next() * 16)));
  if (next() < 0.3) parts.push(tcpOption.sackOk());
  if (next() < 0.3) parts.push(tcpOption.timestamps(Math.floor(next() * 2 ** 32), Math.floor(next() * 2 ** 32)));
  if (next() < 0.15) parts.push(tcpOption.sack([[Math.floor(next() * 1000), Math.floor(next() * 2000)]]));
  return options(...parts);
}

/** A random packet between a few hosts and ports, so connections reuse 4-tuples and states move. */
function randomFrame(next: () => number, sent: Uint8Array[]): Uint8Array {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const v6 = next() < 0.25;
  const hosts = v6 ? hosts6 : hosts4;
  const src = pick(hosts);
  let dst = pick(hosts);
  if (dst === src) dst = hosts[(hosts.indexOf(src) + 1) % hosts.length] as string;
  const ip = (protocol: number, payload: Uint8Array): Uint8Array =>
    v6 ? ipv6(protocol, src, dst, payload) : ipv4(protocol, src, dst, payload);
  const roll = next();
  if (roll < 0.12)
    return ethernet(v6 ? 0x86dd : 0x0800, ip(17, udpDatagram(pick(ports), pick(ports), Uint8Array.of(1, 2))));
  if (roll < 0.18 && sent.length > 0) {
    const quoted = pick(sent);
    const quotedV6 = quoted[0] === 0x60;
    if (quotedV6 !== v6) return ethernet(0x0800, ipv4(1, pick(hosts4), pick(hosts4), icmpv4PortUnreachable(quoted)));
    return ethernet(
      v6 ? 0x86dd : 0x0800,
      v6 ? ip(58, icmpv6PortUnreachable(quoted)) : ip(1, icmpv4PortUnreachable(quoted)),
    );
  }
  const small = [0, 1, 2, 100, 101, 4294967295];
  const segment = tcpSegment({
    srcPort: pick(ports),
    dstPort: pick(ports),
    seq: pick(small),
    ack: pick(small),
    flags: pick(flagChoices),
    window: Math.floor(next() * 65536),
    options: randomOptions(next),
    payload: next() < 0.3 ? new Uint8Array(1 + Math.floor(next() * 99)).fill(0x61) : new Uint8Array(0),
  });
  const packet = ip(6, segment);
  if (next() < 0.3) sent.push(packet);
  return ethernet(v6 ? 0x86dd : 0x0800, packet);
}

/** A seeded random capture of `packets` packets; 1 in 10 goes back in time. */
export function randomCapture(seed: number, packets: number): Uint8Array {
  const next = random(seed);
  const sent: Uint8Array[] = [];
  const records: PcapRecord[] = [];
  let clock = 1_700_000_000 * 1e6;
  for (let i = 0; i < packets; i++) {
    clock += next() < 0.1 ? -Math.floor(next() * 5000) : Math.floor(next() * 3000);
    records.push({ seconds: Math.floor(clock / 1e6), fraction: clock % 1e6, data: randomFrame(next, sent) });
  }
  if (seed % 2 === 0) return writePcap(records, { linkType: 1 });
  return writePcapng([
    {
      interfaces: [{ linkType: 1, tsresol: 6 }],
      // Every 17th a simple packet block: no timestamp, it takes the previous packet's.
      blocks: records.map((r, i): PcapngBlock =>
        i % 17 === 16
          ? { type: 'simple', data: r.data }
          : { type: 'packet', interfaceId: 0, units: BigInt(r.seconds * 1e6 + r.fraction), data: r.data },
      ),
    },
  ]);
}

export interface ReferenceInput {
  name: string;
  bytes: Uint8Array;
  /** Host names given to the importer (as the CLI's --name and the page's rename do). */
  names?: Record<string, string>;
}

/** Every input, in a fixed order. */
export function referenceInputs(): ReferenceInput[] {
  const inputs: ReferenceInput[] = [];
  const files = [...captureFiles(fixtureDir, 'fixtures'), ...captureFiles(sharedDir, 'shared')];
  const next = random(20261201);
  for (const [name, bytes] of files) {
    inputs.push({ name, bytes });
    for (let i = 0; i < 12; i++) inputs.push({ name: `${name} damage ${i}`, bytes: damaged(bytes, next) });
  }
  const printFlags = files.find(([name]) => name.endsWith('/print-flags.pcap'));
  if (printFlags !== undefined)
    inputs.push({
      name: 'print-flags.pcap named',
      bytes: printFlags[1],
      names: { '127.0.0.1:80': 'server', '127.0.0.1': 'loopback' },
    });
  for (let seed = 1; seed <= 120; seed++) {
    const bytes = randomCapture(seed, 20 + (seed % 7) * 30);
    inputs.push({ name: `random ${seed}`, bytes });
    if (seed % 10 === 0) inputs.push({ name: `random ${seed} damaged`, bytes: damaged(bytes, next) });
  }
  return inputs;
}
