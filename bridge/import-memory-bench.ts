// Importer memory (issue 15, finding 8): a large synthetic capture made with the importer's test
// writer, then the peak heap and the peak RSS of an import against the file's size. A benchmark,
// never a test (figures depend on the machine and on V8):
//   npx tsx bridge/import-memory-bench.ts write /tmp/big.pcap 200000   (SYNs, or `connections`)
//   node --expose-gc --import tsx bridge/import-memory-bench.ts measure /tmp/big.pcap [how]
// `how` is `stream` (default: what the CLI's `import` does, streamCaptureTrace writing the JSON to
// /dev/null as it is made), `trace` (importCapture: the whole Trace in memory, as the page holds
// it) or `parsed` (parseCapture + captureToTrace: every decoded packet kept too). `baselineRssMiB`
// is the process before the file is read (Node and tsx), `importRssOverFileSize` the peak above it.
// The CLI's own figure: /usr/bin/time -v npm run --silent cli -- import /tmp/big.pcap > /dev/null
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { captureToTrace, importCapture, parseCapture, streamCaptureTrace } from '../src/trace/import';
import { traceJsonStream } from './cli/json-stream';
import {
  ACK,
  ethernet,
  FIN,
  ipv4,
  PSH,
  SYN,
  tcpSegment,
  writePcap,
  type PcapRecord,
} from '../src/trace/import/test-writer';

const mebibyte = 1024 * 1024;

/** `packets` records: each a SYN from its own port (the 1,000,000-SYN file), or connections. */
export function bigCapture(packets: number, shape: 'syns' | 'connections'): Uint8Array {
  const records: PcapRecord[] = [];
  const at = (i: number): Pick<PcapRecord, 'seconds' | 'fraction'> => ({
    seconds: 1_700_000_000 + Math.floor(i / 100_000),
    fraction: (i % 100_000) * 10,
  });
  const frame = (i: number, from: string, to: string, spec: Parameters<typeof tcpSegment>[0]): void => {
    records.push({ ...at(i), data: ethernet(0x0800, ipv4(6, from, to, tcpSegment(spec))) });
  };
  const payload = new Uint8Array(100).fill(0x41);
  for (let i = 0; records.length < packets; i++) {
    const port = 1024 + (i % 60_000);
    const client = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    if (shape === 'syns') {
      frame(records.length, client, '10.255.0.1', { srcPort: port, dstPort: 80, seq: i, flags: SYN });
      continue;
    }
    // Handshake, 4 data segments with their ACKs, teardown: 13 packets per connection.
    const c = { srcPort: port, dstPort: 80 };
    const s = { srcPort: 80, dstPort: port };
    frame(records.length, client, '10.255.0.1', { ...c, seq: 0, flags: SYN });
    frame(records.length, '10.255.0.1', client, { ...s, seq: 0, ack: 1, flags: SYN | ACK });
    frame(records.length, client, '10.255.0.1', { ...c, seq: 1, ack: 1, flags: ACK });
    for (let d = 0; d < 4; d++) {
      frame(records.length, client, '10.255.0.1', { ...c, seq: 1 + 100 * d, ack: 1, flags: PSH | ACK, payload });
      frame(records.length, '10.255.0.1', client, { ...s, seq: 1, ack: 101 + 100 * d, flags: ACK });
    }
    frame(records.length, client, '10.255.0.1', { ...c, seq: 401, ack: 1, flags: FIN | ACK });
    frame(records.length, '10.255.0.1', client, { ...s, seq: 1, ack: 402, flags: FIN | ACK });
    frame(records.length, client, '10.255.0.1', { ...c, seq: 402, ack: 2, flags: ACK });
  }
  // writePcap spreads its parts into one call: written 10,000 records at a time, then joined.
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < packets; i += 10_000) {
    const chunk = writePcap(records.slice(i, Math.min(i + 10_000, packets)), { linkType: 1 });
    chunks.push(i === 0 ? chunk : chunk.subarray(24));
  }
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  chunks.reduce((offset, c) => (out.set(c, offset), offset + c.length), 0);
  return out;
}

/** Linux's high-water mark of this process's resident memory (VmHWM), in bytes. */
function peakRss(): number {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Number(line?.match(/\d+/)?.[0] ?? 0) * 1024;
}

type How = 'stream' | 'trace' | 'parsed';

/** Imports `bytes` the way `how` says; returns the packets and events made. */
function runImport(bytes: Uint8Array, how: How, sample: () => void): { packets: number; events: number } {
  if (how === 'stream') {
    const devNull = openSync('/dev/null', 'w');
    let events = 0;
    try {
      const out = traceJsonStream((text) => void writeSync(devNull, text));
      const summary = streamCaptureTrace(
        bytes,
        { fileName: 'big.pcap', onProgress: sample },
        {
          head: (head) => out.head(head),
          event: (event) => {
            events++;
            out.event(event);
          },
        },
      );
      out.end();
      return { packets: summary.packetCount, events };
    } finally {
      closeSync(devNull);
    }
  }
  if (how === 'trace') {
    const trace = importCapture(bytes, { fileName: 'big.pcap', onProgress: sample });
    sample();
    return { packets: trace.meta.pcap?.packets ?? 0, events: trace.events.length };
  }
  const result = parseCapture(bytes, { onProgress: sample });
  sample();
  const trace = captureToTrace(result, { fileName: 'big.pcap' });
  sample();
  return { packets: result.packets.length, events: trace.events.length };
}

export function measureImport(file: string, how: How = 'stream'): Record<string, number | string> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  gc();
  const baselineRss = peakRss();
  const bytes = new Uint8Array(readFileSync(file));
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peakHeap = baseline;
  const sample = (): void => void (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed));
  const started = performance.now();
  const { packets, events } = runImport(bytes, how, sample);
  sample();
  const seconds = (performance.now() - started) / 1000;
  gc();
  const retained = process.memoryUsage().heapUsed - baseline;
  return {
    how,
    fileMiB: round(bytes.length / mebibyte),
    packets,
    events,
    seconds: round(seconds),
    peakHeapAboveBaselineMiB: round((peakHeap - baseline) / mebibyte),
    retainedHeapMiB: round(retained / mebibyte),
    baselineRssMiB: round(baselineRss / mebibyte),
    peakRssMiB: round(peakRss() / mebibyte),
    peakRssOverFileSize: round(peakRss() / bytes.length),
    importRssOverFileSize: round((peakRss() - baselineRss) / bytes.length),
  };
}

const round = (value: number): number => Math.round(value * 100) / 100;

if (import.meta.url === `file://${process.argv[1]}`) {
  const [mode, file = '/tmp/big.pcap', count = '200000', shape = 'syns'] = process.argv.slice(2);
  const how = (['stream', 'trace', 'parsed'] as const).find((h) => h === count) ?? 'stream';
  if (mode === 'write') {
    writeFileSync(file, bigCapture(Number(count), shape === 'connections' ? 'connections' : 'syns'));
    console.log(`${file}: ${count} packets (${shape})`);
  } else console.log(JSON.stringify(measureImport(file, how), null, 2));
}
