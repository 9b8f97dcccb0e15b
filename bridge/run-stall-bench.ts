// Does a large real run stall the bridge for everyone (issue 15, finding 7)? Starts the bridge
// (`cli serve`) as a child process, runs a scenario of N one-byte sends on real loopback sockets
// through its WebSocket, and meanwhile asks for the app's page every 20 ms, one request at a
// time: the latency percentiles of those static requests while the run streams, the run's wall
// time, and how many trace-event messages arrived. A benchmark (wall clock, root for tcpdump),
// never a test:  npx tsx bridge/run-stall-bench.ts [sends=60000]
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { WebSocket } from 'ws';
import type { Scenario } from '../src/scenario/schema';

const texts = (en: string): { en: string; fr: string } => ({ en, fr: en });

export function manySends(sends: number): Scenario {
  return {
    format: 'wirestep-scenario',
    version: 1,
    id: 'bench-many-sends',
    title: texts(`${sends} one-byte sends`),
    summary: texts('A client sends one byte at a time; the server reads until EOF.'),
    concepts: ['benchmark'],
    hosts: [
      { name: 'server', addr: '10.0.0.1' },
      { name: 'client', addr: '10.0.0.2' },
    ],
    limits: { maxEvents: 2_000_000 },
    programs: [
      {
        host: 'server',
        steps: [
          { op: 'socket', as: 'srv', type: 'tcp' },
          { op: 'bind', socket: 'srv', port: 8080 },
          { op: 'listen', socket: 'srv', backlog: 1 },
          { op: 'accept', socket: 'srv', as: 'conn' },
          { op: 'loop', max: 100_000, steps: [{ op: 'recv', socket: 'conn', max: 65536, onEof: 'break' }] },
          { op: 'close', socket: 'conn' },
          { op: 'close', socket: 'srv' },
        ],
      },
      {
        host: 'client',
        startMs: 50,
        steps: [
          { op: 'socket', as: 'sock', type: 'tcp' },
          { op: 'connect', socket: 'sock', host: 'server', port: 8080 },
          { op: 'repeat', times: sends, steps: [{ op: 'send', socket: 'sock', data: 'x' }] },
          { op: 'close', socket: 'sock' },
        ],
      },
    ],
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function get(port: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/', agent: false, headers: { Host: `127.0.0.1:${port}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - started));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function main(sends: number): Promise<void> {
  const bridge = spawn(process.execPath, ['--import', 'tsx', 'bridge/cli.ts', 'serve', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = new URL(
      await new Promise<string>((resolve) => bridge.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()))),
    );
    const port = Number(url.port);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge?token=${url.searchParams.get('token')}`, {
      origin: `http://127.0.0.1:${port}`,
    });
    let events = 0;
    let running = true;
    const started = performance.now();
    const finished = new Promise<string>((resolve) =>
      ws.on('message', (data: Buffer) => {
        const type = (JSON.parse(data.toString()) as { type: string }).type;
        if (type === 'welcome') ws.send(JSON.stringify({ type: 'run', scenario: manySends(sends) }));
        if (type === 'trace-event') events++;
        if (type === 'run-failed') console.error(data.toString());
        if (type === 'run-finished' || type === 'run-failed') resolve(type);
      }),
    );
    const latencies: number[] = [];
    const errors: string[] = [];
    const probe = (async () => {
      while (running) {
        latencies.push(await get(port).catch((error: Error) => (errors.push(error.message), Number.NaN)));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const outcome = await finished;
    running = false;
    await probe;
    ws.close();
    const sorted = latencies.filter((ms) => !Number.isNaN(ms)).sort((a, b) => a - b);
    const round = (ms: number): number => Math.round(ms * 10) / 10;
    console.log(
      JSON.stringify(
        {
          sends,
          outcome,
          runSeconds: round((performance.now() - started) / 1000),
          traceEventMessages: events,
          staticRequests: sorted.length,
          staticErrors: errors.length,
          firstError: errors[0],
          staticMs: { p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)) },
          staticP99Ms: round(percentile(sorted, 99)),
          staticMaxMs: round(sorted[sorted.length - 1] ?? NaN),
        },
        null,
        2,
      ),
    );
  } finally {
    bridge.kill('SIGTERM');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) void main(Number(process.argv[2] ?? 60_000));
