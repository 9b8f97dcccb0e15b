// A compact text rendering of a Trace, one line per event of interest, for golden files that a
// person can review in a diff. Sequence numbers are relative to each side's ISN, as Wireshark does.
import { decodeBase64 } from '../encoding/base64';
import { relativeNumbers, type RelativeNumbering } from './query';
import type { SegmentEvent, Trace, TraceEvent } from './types';
import type { TcpFlag } from '../tcp';

/** Wireshark's order (by bit value), so that the output does not depend on the producer's order. */
const flagOrder: readonly TcpFlag[] = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'];
/** Payloads at most this long and printable are shown as text; others as a byte count. */
const previewChars = 40;

export function summarizeTrace(trace: Trace): string {
  const lines: string[] = [header(trace), `# hosts: ${trace.hosts.map((h) => `${h.name} ${h.addr}`).join(', ')}`];
  const numbering = relativeNumbers(trace);
  for (const event of trace.events) {
    const line = describe(event, numbering);
    if (line !== undefined) lines.push(`${formatTime(event.t)} ${line}`);
  }
  return lines.join('\n') + '\n';
}

function header(trace: Trace): string {
  const parts = [`# ${trace.format} v${trace.version} source=${trace.source}`];
  for (const key of ['scenario', 'seed', 'profile', 'file'] as const) {
    const value = trace.meta[key];
    if (value !== undefined) parts.push(`${key}=${String(value)}`);
  }
  return parts.join(' ');
}

/** Integer microseconds as seconds with 6 decimals, without floating-point rounding. */
export function formatTime(t: number): string {
  return `${Math.floor(t / 1_000_000)}.${String(t % 1_000_000).padStart(6, '0')}`;
}

function describe(event: TraceEvent, numbering: RelativeNumbering): string | undefined {
  switch (event.kind) {
    case 'call':
      return `${owner(event.host, event.socket)} ${event.call}(${formatArgs(event.args)})`;
    case 'return': {
      const outcome = event.errno ?? formatResult(event.call, event.result);
      // socket() returns the new descriptor: showing it twice would read as `fd3 socket returns fd3`.
      const socket = event.call === 'socket' ? -1 : event.socket;
      return `${owner(event.host, socket)} ${event.call} returns ${outcome}`;
    }
    case 'state':
      return `${event.host} fd${event.socket} ${event.from} -> ${event.to} (${event.cause})${event.inferred === true ? ' [inferred]' : ''}`;
    case 'segment':
      return formatSegment(event, numbering);
    case 'datagram':
      return `${event.from}->${event.to} UDP ${event.src} > ${event.dst} len=${event.len}${event.broadcast === true ? ' (broadcast)' : ''} ${formatPayload(event.payload, event.len)} [id ${event.id}]`;
    case 'icmp':
      return `${event.from}->${event.to} ICMP ${event.type} about ${event.about} [id ${event.id}]`;
    case 'deliver':
      // `duplicate` is an extra field the simulator adds when the link duplicated the packet.
      return `deliver ${event.id}${(event as { duplicate?: unknown }).duplicate === true ? ' (duplicate)' : ''}`;
    case 'drop':
      return `drop ${event.id} (${event.reason})`;
    case 'timer':
      if (event.action === 'cancel') return undefined; // Every ACK cancels a timer: too noisy to review.
      return event.action === 'set'
        ? `${event.host} fd${event.socket} timer ${event.timer} set for ${event.at === undefined ? '?' : formatTime(event.at)}`
        : `${event.host} fd${event.socket} timer ${event.timer} fires`;
    case 'tcb':
      return undefined; // Snapshots after every change: the segments and states already tell the story.
    case 'note':
      return `${event.host === undefined ? '' : `${event.host} `}note: ${event.text.en}`;
  }
}

/** `client fd3`, or just `client` for calls that have no descriptor (socket(), sleep()). */
function owner(host: string, socket: number): string {
  return socket < 0 ? host : `${host} fd${socket}`;
}

function formatSegment(segment: SegmentEvent, numbering: RelativeNumbering): string {
  const flags = flagOrder.filter((flag) => segment.flags.includes(flag));
  const numbers = numbering.get(segment.id);
  const seq = numbers?.seq ?? segment.seq;
  // Without ACK the field is shown as sent; an ack whose peer ISN is unknown says it is absolute.
  const ack =
    numbers?.ack === undefined ? segment.ack : numbers.ackAbsolute === true ? `${numbers.ack}(absolute)` : numbers.ack;
  const options = Object.keys(segment.options)
    .sort()
    .map((key) => ` ${key}=${formatValue(segment.options[key])}`)
    .join('');
  return (
    `${segment.from}->${segment.to} ${flags.length > 0 ? flags.join(',') : '<no flags>'} seq=${seq} ack=${ack}` +
    ` win=${segment.window} len=${segment.len}${options}${segment.retransmission === true ? ' (retransmission)' : ''}` +
    `${segment.probe === undefined ? '' : ` (${segment.probe} probe)`}` +
    ` [id ${segment.id}]`
  );
}

function formatArgs(args: Record<string, unknown>): string {
  const parts: string[] = [];
  const place = args.host ?? args.addr;
  const hasEndpoint = place !== undefined && args.port !== undefined;
  if (hasEndpoint) parts.push(`${String(place)}:${String(args.port)}`);
  for (const [key, value] of Object.entries(args)) {
    if (hasEndpoint && (key === 'host' || key === 'addr' || key === 'port')) continue;
    if (key === 'payload' && typeof value === 'string') {
      parts.push(formatPayload(value, typeof args.bytes === 'number' ? args.bytes : undefined));
    } else parts.push(`${key}=${formatValue(value)}`);
  }
  return parts.join(', ');
}

function formatResult(call: string, result: unknown): string {
  if (result === undefined) return 'ok';
  if ((call === 'accept' || call === 'socket') && typeof result === 'number') return `fd${result}`;
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return formatValue(result);
  const record = result as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof record.bytes === 'number') parts.push(`${record.bytes} bytes`);
  for (const [key, value] of Object.entries(record)) {
    if (key === 'bytes') continue;
    if (key === 'fd' && typeof value === 'number') parts.push(`fd${value}`);
    else if (key === 'payload' && typeof value === 'string') {
      if (record.bytes !== 0)
        parts.push(formatPayload(value, typeof record.bytes === 'number' ? record.bytes : undefined));
    } else parts.push(`${key}=${formatValue(value)}`);
  }
  return parts.join(' ');
}

/** Printable ASCII payloads as a quoted string (cut at previewChars), others as a byte count. */
function formatPayload(base64: string, length: number | undefined): string {
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(base64);
  } catch {
    return '<invalid base64>';
  }
  const total = length ?? bytes.length;
  if (total === 0) return '""';
  const shown = bytes.subarray(0, previewChars);
  const printable = shown.every((b) => (b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09);
  if (!printable || shown.length === 0) return `<${total} bytes>`;
  const text = JSON.stringify(String.fromCharCode(...shown));
  return total > shown.length ? `${text}... (${total} bytes)` : text;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[\w.:-]+$/.test(value) ? value : JSON.stringify(value);
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? String(value);
}
