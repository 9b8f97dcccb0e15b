// "Craft a segment" (issue 13): the inject fault rule the learner writes with the form in the packet
// pane (src/ui/faults/CraftSegment.tsx), and its part of the share link. The rule's numbers stay
// relative to the receiving connection (src/scenario/inject.ts), so the link reopens the same
// segment. Pure; no schema library here (the app loads it on demand), so the link's form is
// checked against the schema's bounds by hand.
import type { InjectRule } from '../scenario/inject';
import type { TcpFlag } from '../tcp';
import type { Trace } from '../trace/types';

/** What the form sends: a flag set for each kind of segment a learner would try. */
export const craftKinds = ['rst', 'syn', 'fin', 'ack', 'data'] as const;
export type CraftKind = (typeof craftKinds)[number];

/** Where the sequence number lands: exactly RCV.NXT, inside the window past it, just past the window. */
export const craftPlaces = ['exact', 'in-window', 'out-of-window'] as const;
export type CraftPlace = (typeof craftPlaces)[number];

const kindFlags: Record<CraftKind, TcpFlag[]> = {
  rst: ['RST'],
  syn: ['SYN'],
  fin: ['ACK', 'FIN'],
  ack: ['ACK'],
  data: ['ACK', 'PSH'],
};

const placeSeq: Record<CraftPlace, InjectRule['seq']> = {
  exact: { rel: 'rcv.nxt', offset: 0 },
  // One past RCV.NXT: inside any open window, and not the exact match RFC 5961 3.2 asks of a reset.
  'in-window': { rel: 'rcv.nxt', offset: 1 },
  // RCV.NXT + RCV.WND: the first number past the window (RFC 9293 3.10.7.4's acceptability test).
  'out-of-window': { rel: 'rcv.end', offset: 0 },
};

export interface CraftChoice {
  kind: CraftKind;
  place: CraftPlace;
  /** For `data`: the text the segment carries. */
  data?: string;
}

/** The connection the segment goes into: its receiving host and port, and the peer it pretends to be. */
export interface CraftTarget {
  to: string;
  toPort: number;
  from: string;
  fromPort: number;
}

/** A crafted payload from the form: short, so that the share link stays short. */
export const maxCraftDataChars = 64;

/**
 * The rule for the form's choice at the moment of event `index`: 1 µs after that event's instant,
 * so the segment arrives after everything the cursor's step shows (the simulator runs a rule's
 * moment before the other events of the same instant).
 */
export function craftRuleAt(trace: Trace, index: number, target: CraftTarget, choice: CraftChoice): InjectRule {
  const t = trace.events[index]?.t ?? 0;
  const rule: InjectRule = {
    type: 'inject',
    atMs: (t + 1) / 1000,
    from: target.from,
    to: target.to,
    fromPort: target.fromPort,
    toPort: target.toPort,
    flags: kindFlags[choice.kind],
    seq: placeSeq[choice.place],
  };
  const data = choice.kind === 'data' ? (choice.data ?? '').slice(0, maxCraftDataChars) : '';
  if (data !== '') rule.data = data;
  return rule;
}

// The link's form: `inject.client.server.13.001.r.n1`, then optional parts in this order:
// `.k<base><offset>` (ack), `.w<window>`, `.d<hex of the UTF-8 data>`, `.p<fromPort>-<toPort>`.
// Flags are letters (s a f r p u), bases one letter each (seq: n RCV.NXT, e RCV.NXT + RCV.WND,
// i IRS, x absolute; ack: n SND.NXT, u SND.UNA, i ISS, x absolute).
const flagLetters: readonly (readonly [TcpFlag, string])[] = [
  ['SYN', 's'],
  ['ACK', 'a'],
  ['FIN', 'f'],
  ['RST', 'r'],
  ['PSH', 'p'],
  ['URG', 'u'],
];
const seqLetters = { 'rcv.nxt': 'n', 'rcv.end': 'e', irs: 'i' } as const;
const ackLetters = { 'snd.nxt': 'n', 'snd.una': 'u', iss: 'i' } as const;

const host = '[a-z][a-z0-9-]{0,31}';
const injectPattern = new RegExp(
  `^inject\\.(${host})\\.(${host})\\.(\\d{1,8}(?:\\.\\d{1,3})?)\\.([safrpu]{1,6})\\.([neix])(-?\\d{1,10})` +
    `(?:\\.k([nuix])(-?\\d{1,10}))?(?:\\.w(\\d{1,10}))?(?:\\.d((?:[0-9a-f]{2}){1,1460}))?(?:\\.p(\\d{1,5})-(\\d{1,5}))?$`,
);

function numberText(value: InjectRule['seq'] | NonNullable<InjectRule['ack']>, letters: Record<string, string>) {
  return typeof value === 'number' ? `x${value}` : `${letters[value.rel]}${value.offset}`;
}

const hex = (text: string): string =>
  [...new TextEncoder().encode(text)].map((byte) => byte.toString(16).padStart(2, '0')).join('');

/** The rule's part of the share link. */
export function formatInject(rule: InjectRule): string {
  const flags = flagLetters.filter(([flag]) => rule.flags.includes(flag)).map(([, letter]) => letter);
  let text = `inject.${rule.from}.${rule.to}.${Number(rule.atMs.toFixed(3))}.${flags.join('')}`;
  text += `.${numberText(rule.seq, seqLetters)}`;
  if (rule.ack !== undefined) text += `.k${numberText(rule.ack, ackLetters)}`;
  if (rule.window !== undefined) text += `.w${rule.window}`;
  if (rule.data !== undefined && rule.data !== '') text += `.d${hex(rule.data)}`;
  if (rule.fromPort !== undefined && rule.toPort !== undefined) text += `.p${rule.fromPort}-${rule.toPort}`;
  return text;
}

const inOffset = (n: number): boolean => Number.isSafeInteger(n) && Math.abs(n) <= 0x7fffffff;
const inUint32 = (n: number): boolean => Number.isSafeInteger(n) && n >= 0 && n <= 0xffffffff;
const inPort = (n: number): boolean => n >= 1 && n <= 65535;

function readNumber<R extends string>(
  letter: string,
  digits: string,
  bases: Record<string, string>,
): number | { rel: R; offset: number } | undefined {
  const value = Number(digits);
  if (letter === 'x') return inUint32(value) ? value : undefined;
  const rel = Object.keys(bases).find((key) => bases[key] === letter) as R | undefined;
  return rel === undefined || !inOffset(value) ? undefined : { rel, offset: value };
}

function utf8(hexText: string): string | undefined {
  const bytes = Uint8Array.from(hexText.match(/../g) ?? [], (pair) => parseInt(pair, 16));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Reads one `inject.` part of the link; undefined when it is not one this form writes. */
export function parseInject(part: string): InjectRule | undefined {
  const match = injectPattern.exec(part);
  if (match === null) return undefined;
  const [, from, to, at, letters, seqBase, seqDigits, ackBase, ackDigits, window, data, fromPort, toPort] = match;
  const flags = flagLetters.filter(([, letter]) => letters!.includes(letter)).map(([flag]) => flag);
  const seq = readNumber<'rcv.nxt' | 'rcv.end' | 'irs'>(seqBase!, seqDigits!, seqLetters);
  if (seq === undefined || from === to || Number(at) > 86_400_000) return undefined;
  const rule: InjectRule = { type: 'inject', atMs: Number(at), from: from!, to: to!, flags, seq };
  if (ackBase !== undefined) {
    const ack = readNumber<'snd.nxt' | 'snd.una' | 'iss'>(ackBase, ackDigits!, ackLetters);
    if (ack === undefined || !flags.includes('ACK')) return undefined;
    rule.ack = ack;
  }
  if (window !== undefined) {
    if (Number(window) > 0x3fffffff) return undefined;
    rule.window = Number(window);
  }
  if (data !== undefined) {
    const text = utf8(data);
    if (text === undefined) return undefined;
    rule.data = text;
  }
  if (fromPort !== undefined) {
    if (!inPort(Number(fromPort)) || !inPort(Number(toPort))) return undefined;
    rule.fromPort = Number(fromPort);
    rule.toPort = Number(toPort);
  }
  return rule;
}
