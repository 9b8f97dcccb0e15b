// The guided path's content (issue 13): every built-in lesson has a guide in both languages, the
// order covers every lesson once, the minutes are the reading-pace estimate of the lesson's Trace,
// and what the guide says happens, the lesson's Trace shows: a table of claims (a phrase in English
// and its French, and the Trace predicate it stands for), checked for every lesson that makes it.
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenario/library';
import type { Scenario } from '../../scenario/schema';
import { simulate } from '../../sim';
import { fastRetransmits, totalSteps } from '../../trace/query';
import type { ReturnEvent, SegmentEvent, StateEvent, Trace, TraceEvent } from '../../trace/types';
import { readingMinutes } from './minutes';
import { guidedPath, stageStarts } from './path';

const traces = new Map(builtinScenarios.map((s) => [s.id, simulate(s, { seed: s.seed })] as const));
const traceOf = (id: string): Trace => traces.get(id)!;
const lessons = builtinScenarios.map((s) => [s.id, s] as const);

const segments = (trace: Trace): SegmentEvent[] => trace.events.filter((e): e is SegmentEvent => e.kind === 'segment');
const states = (trace: Trace): StateEvent[] => trace.events.filter((e): e is StateEvent => e.kind === 'state');
const returns = (trace: Trace): ReturnEvent[] => trace.events.filter((e): e is ReturnEvent => e.kind === 'return');
const reaches = (trace: Trace, state: string): boolean => states(trace).some((e) => e.to === state);
const timerFires = (trace: Trace, timer: string): TraceEvent[] =>
  trace.events.filter((e) => e.kind === 'timer' && e.timer === timer && e.action === 'fire');
const seconds = (us: number): number => us / 1e6;

/** Every text of a lesson's guide in one language: its goals, what to watch for, its recap. */
function guideText(scenario: Scenario, lang: 'en' | 'fr'): string {
  const guide = scenario.guide!;
  return [...guide.goals.map((goal) => goal[lang]), guide.watchFor[lang], guide.recap[lang]].join('\n');
}

interface Claim {
  name: string;
  en: RegExp;
  fr: RegExp;
  /** Checked against the text before the claims after it, with its own words taken out (negations). */
  consumes?: boolean;
  holds: (trace: Trace, scenario: Scenario) => boolean;
}

/** A TIME-WAIT that ended after 60-62 s (Linux's fixed 60 s, on the kernel tick). */
function timeWaitOf60s(trace: Trace): boolean {
  const entered = new Map<string, number>();
  for (const e of states(trace)) {
    const key = `${e.host}/${e.socket}`;
    if (e.to === 'TIME-WAIT') entered.set(key, e.t);
    else if (e.from === 'TIME-WAIT' && entered.has(key)) {
      const waited = seconds(e.t - entered.get(key)!);
      if (waited >= 60 && waited <= 62) return true;
    }
  }
  return false;
}

/** The first three round trips of the sender's data carry 10, 20 and 40 segments (slow start). */
function slowStart10to40(trace: Trace, scenario: Scenario): boolean {
  const data = segments(trace).filter((s) => s.from === 'client' && s.len > 0);
  const rtt = 2 * (scenario.link?.latencyMs ?? 0) * 1000;
  const counts = [0, 0, 0];
  for (const s of data) {
    const round = Math.floor((s.t - data[0]!.t) / rtt);
    if (round < 3) counts[round]!++;
  }
  return counts.join() === '10,20,40';
}

/** Claims that negate go first and take their words out, so "no TIME-WAIT" is not read as "TIME-WAIT". */
const claims: Claim[] = [
  {
    name: 'no TIME-WAIT',
    en: /with no TIME-WAIT|neither side went through TIME-WAIT/g,
    fr: /sans TIME-WAIT|aucun des deux côtés n'est passé par TIME-WAIT/g,
    consumes: true,
    holds: (trace) => !reaches(trace, 'TIME-WAIT'),
  },
  {
    name: 'no CLOSE-WAIT',
    en: /neither went through CLOSE-WAIT/g,
    fr: /aucun n'est passé par CLOSE-WAIT/g,
    consumes: true,
    holds: (trace) => !reaches(trace, 'CLOSE-WAIT'),
  },
  {
    name: 'UDP resends nothing',
    en: /resends nothing|Nothing resent/g,
    fr: /ne renvoie rien|Rien n'a renvoyé/g,
    consumes: true,
    holds: (trace) => {
      const datagrams = trace.events.filter((e) => e.kind === 'datagram');
      const dropped = new Set(trace.events.flatMap((e) => (e.kind === 'drop' ? [e.id] : [])));
      const lost = datagrams.filter((d) => dropped.has(d.id));
      const resent = lost.some((d) =>
        datagrams.some((o) => o.t > d.t && o.from === d.from && o.to === d.to && o.payload === d.payload),
      );
      return lost.length > 0 && !resent && !segments(trace).some((s) => s.retransmission === true);
    },
  },
  {
    name: 'not FIN-WAIT-2',
    en: /instead of FIN-WAIT-2/g,
    fr: /au lieu de FIN-WAIT-2/g,
    consumes: true,
    holds: (trace) => !reaches(trace, 'FIN-WAIT-2'),
  },
  {
    name: 'no FIN',
    en: /instead of (a FIN|FINs)/g,
    fr: /(à la place d'un|au lieu des) FIN/g,
    consumes: true,
    holds: (trace) => !segments(trace).some((s) => s.flags.includes('FIN')),
  },
  {
    name: 'no handshake',
    en: /No handshake/g,
    fr: /Pas de poignée de main/g,
    consumes: true,
    holds: (trace) => segments(trace).length === 0,
  },
  {
    name: 'no delayed ACK',
    en: /no delayed-ACK timer ever fired/g,
    fr: /aucun temporisateur d'ACK retardé ne s'est déclenché/g,
    consumes: true,
    holds: (trace) => timerFires(trace, 'delayed-ack').length === 0,
  },
  {
    name: 'no RTO wait',
    en: /no RTO wait/g,
    fr: /sans attendre le RTO/g,
    consumes: true,
    holds: (trace) => timerFires(trace, 'retransmit').length === 0,
  },
  ...['TIME-WAIT', 'CLOSE-WAIT', 'LAST-ACK', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSING'].map((state): Claim => ({
    name: state,
    en: new RegExp(`${state}(?![-\\d])`),
    fr: new RegExp(`${state}(?![-\\d])`),
    holds: (trace) => reaches(trace, state),
  })),
  { name: 'TIME-WAIT lasts 60 s', en: /60 s/, fr: /60 s/, holds: timeWaitOf60s },
  {
    name: 'the three-way handshake',
    en: /handshake/,
    fr: /poignées? de main/,
    holds: (trace) => {
      const flags = segments(trace).map((s) => s.flags.join());
      return flags.includes('SYN') && flags.includes('SYN,ACK');
    },
  },
  {
    name: 'one handshake for every message',
    en: /there is only one/,
    fr: /il n'y en a qu'une/,
    holds: (trace) => segments(trace).filter((s) => s.flags.join() === 'SYN').length === 1,
  },
  {
    name: 'a RST',
    en: /\bRST\b/,
    fr: /\bRST\b/,
    holds: (trace) => segments(trace).some((s) => s.flags.includes('RST')),
  },
  {
    name: 'a FIN',
    en: /\bFINs?\b/,
    fr: /\bFIN\b/,
    holds: (trace) => segments(trace).some((s) => s.flags.includes('FIN')),
  },
  {
    name: 'a retransmission after a timeout',
    en: /resent after/,
    fr: /renvoyé au bout/,
    holds: (trace) =>
      segments(trace).some((s) => s.retransmission === true) && timerFires(trace, 'retransmit').length > 0,
  },
  {
    name: 'a fast retransmit',
    en: /fast retransmit/,
    fr: /retransmission rapide/,
    holds: (trace) => fastRetransmits(trace).size > 0,
  },
  {
    name: 'three duplicate ACKs',
    en: /duplicate ACK/,
    fr: /ACK dupliqués?/,
    holds: (trace) => {
      const acks = segments(trace).filter((s) => s.from === 'server' && s.len === 0 && !s.flags.includes('SYN'));
      const repeats = new Map<number, number>();
      for (const s of acks) repeats.set(s.ack, (repeats.get(s.ack) ?? 0) + 1);
      return [...repeats.values()].some((count) => count >= 4);
    },
  },
  { name: 'slow start: 10, 20, 40', en: /10, 20, (then )?40/, fr: /10, 20, (puis )?40/, holds: slowStart10to40 },
  {
    name: 'congestion avoidance',
    en: /congestion avoidance/,
    fr: /évitement de congestion/,
    holds: (trace) => trace.events.some((e) => e.kind === 'tcb' && e.ccPhase === 'congestion-avoidance'),
  },
  {
    name: 'an ICMP port unreachable',
    en: /ICMP port unreachable/,
    fr: /ICMP port inaccessible/,
    holds: (trace) => trace.events.some((e) => e.kind === 'icmp' && e.type === 'port-unreachable'),
  },
  {
    name: 'a broadcast',
    en: /[Bb]roadcast/,
    fr: /[Dd]iffus/,
    holds: (trace) => trace.events.some((e) => e.kind === 'datagram' && e.broadcast === true),
  },
  {
    name: 'keepalive probes',
    en: /probe/,
    fr: /sonde/,
    holds: (trace) => segments(trace).some((s) => s.probe === 'keepalive'),
  },
  {
    name: 'a delayed ACK',
    en: /delayed-ACK timer fired|delayed ACK comes/,
    fr: /temporisateur d'ACK retardé|arrive l'ACK retardé/,
    holds: (trace) => timerFires(trace, 'delayed-ack').length > 0,
  },
  {
    name: 'recv() returns 0 at the end of the stream',
    en: /recv(\(\))? return(s|ed|ing) 0/,
    fr: /recv(\(\))? (a )?renv(oie|oyé|oyant) 0/,
    holds: (trace) => returns(trace).some((r) => r.call === 'recv' && r.result?.bytes === 0),
  },
];

/** Each errno the guide names is returned by some call of the Trace. */
function errnosNamed(text: string): string[] {
  return [...new Set(text.match(/\bE[A-Z]{3,}\b/g) ?? [])].sort();
}

/** Each byte count the guide names ("14 bytes", "58-byte", "14 octets") is a segment's length or a read's result. */
function byteCounts(text: string, lang: 'en' | 'fr'): number[] {
  const pattern = lang === 'en' ? /(\d+)[ -]bytes?\b/g : /(\d+) octets\b/g;
  return [...new Set([...text.matchAll(pattern)].map((match) => Number(match[1])))].sort((a, b) => a - b);
}

/** Claims one lesson makes, with the numbers its recap gives: a phrase in each language and the check. */
const lessonClaims: Record<string, { en: string; fr: string; holds: (trace: Trace) => boolean }[]> = {
  'tcp-stream-framing': [
    {
      en: "'Hi!' and 'How are you?' left in two segments but came out of one recv() of 15 bytes",
      fr: "« Hi! » et « How are you? » sont partis en deux segments mais sont ressortis d'un seul recv() de 15 octets",
      holds: (trace) => {
        const text = (payload: string) => atob(payload);
        const sent = segments(trace)
          .filter((s) => s.from === 'client' && s.len > 0)
          .map((s) => text(s.payload));
        const read = returns(trace).flatMap((r) =>
          r.call === 'recv' && r.result !== undefined ? [text(r.result.payload)] : [],
        );
        return sent[0] === 'Hi!' && sent[1] === 'How are you?' && read[0] === 'Hi!How are you?';
      },
    },
    {
      en: "recv(4) returned 'Good', then 'bye'",
      fr: 'recv(4) a renvoyé « Good », puis « bye »',
      holds: (trace) => {
        const read = returns(trace).flatMap((r) =>
          r.call === 'recv' && r.result !== undefined ? [atob(r.result.payload)] : [],
        );
        return read.slice(1, 3).join('|') === 'Good|bye';
      },
    },
  ],
  'tcp-retransmission': [
    {
      en: 'The SYN was resent after 1 s',
      fr: "Le SYN a été renvoyé au bout d'1 s",
      holds: (trace) => {
        const syns = segments(trace).filter((s) => s.flags.join() === 'SYN');
        return (
          syns.length === 2 && syns[1]!.retransmission === true && Math.abs(seconds(syns[1]!.t - syns[0]!.t) - 1) < 0.05
        );
      },
    },
    {
      en: "'ping 2' was resent after about 0.22 s",
      fr: "« ping 2 » a été renvoyé au bout d'environ 0,22 s",
      holds: (trace) => gapsOfDataSends(trace, 'client', 6).join() === '0.22,0.44',
    },
  ],
  'tcp-refused': [
    {
      en: 'waiting 1 s, then 2 s',
      fr: 'en attendant 1 s, puis 2 s',
      holds: (trace) => {
        const connects = trace.events.filter((e) => e.kind === 'call' && e.call === 'connect').map((e) => e.t);
        const refused = returns(trace).filter((r) => r.call === 'connect' && r.errno === 'ECONNREFUSED');
        const waits = refused.slice(0, 2).map((r, i) => seconds(connects[i + 1]! - r.t).toFixed(3));
        return connects.length === 3 && refused.length === 3 && waits.join() === '1.000,2.000';
      },
    },
    {
      en: 'within one round trip (10 ms)',
      fr: 'en un aller-retour (10 ms)',
      holds: (trace) => {
        const call = trace.events.find((e) => e.kind === 'call' && e.call === 'connect')!;
        const answer = returns(trace).find((r) => r.call === 'connect')!;
        return Math.abs(seconds(answer.t - call.t) - 0.01) < 0.001;
      },
    },
  ],
  'tcp-timeout': [
    {
      en: 'At 2 s recv() failed with EAGAIN',
      fr: 'À 2 s, recv() a échoué avec EAGAIN',
      holds: (trace) =>
        returns(trace).some((r) => r.call === 'recv' && r.errno === 'EAGAIN' && Math.round(seconds(r.t)) === 2),
    },
    {
      en: "At 5 s the server's answer",
      fr: 'À 5 s, la réponse du serveur',
      holds: (trace) => segments(trace).some((s) => s.from === 'server' && s.len > 0 && Math.round(seconds(s.t)) === 5),
    },
  ],
  keepalive: [
    {
      en: 'recv() failed with ETIMEDOUT at 36 s',
      fr: 'recv() a échoué avec ETIMEDOUT à 36 s',
      holds: (trace) => returns(trace).some((r) => r.errno === 'ETIMEDOUT' && Math.round(seconds(r.t)) === 36),
    },
    {
      en: 'The first two probes were answered',
      fr: 'Les deux premières sondes ont reçu une réponse',
      holds: (trace) => {
        const probes = segments(trace).filter((s) => s.probe === 'keepalive');
        const dropped = new Set(trace.events.flatMap((e) => (e.kind === 'drop' ? [e.id] : [])));
        return (
          probes.map((p) => (dropped.has(p.id) ? 'lost' : 'answered')).join() === 'answered,answered,lost,lost,lost'
        );
      },
    },
  ],
  nagle: [
    {
      en: 'Eight requests took 0.31 s',
      fr: 'Huit requêtes ont pris 0,31 s',
      holds: (trace) => requestsTook(trace).toFixed(2) === '0.31',
    },
    {
      en: '43 to 44 ms later',
      fr: '43 à 44 ms plus tard',
      holds: (trace) => {
        const fires = timerFires(trace, 'delayed-ack');
        const headers = segments(trace).filter((s) => s.from === 'client' && s.len === 10);
        // Each fire comes 43-44 ms after the header it acknowledges (the 40 ms delayed ACK on the
        // 4 ms kernel tick); 7 stalls, from the second request on.
        return (
          fires.length === 7 &&
          fires.every((fire) => {
            const header = headers.filter((h) => h.t < fire.t).at(-1)!;
            const waited = (fire.t - header.t) / 1000;
            return waited >= 42.5 && waited <= 44.5;
          })
        );
      },
    },
  ],
  'nagle-nodelay': [
    {
      en: 'The eight requests took under 1 ms',
      fr: "Les huit requêtes ont pris moins d'1 ms",
      holds: (trace) => requestsTook(trace) < 0.001,
    },
  ],
  'udp-discovery': [
    {
      en: 'The answers came back from nas, printer, then camera',
      fr: 'Les réponses sont arrivées de nas, de printer puis de camera',
      holds: (trace) =>
        returns(trace)
          .filter((r) => r.host === 'client' && r.call === 'recvfrom' && r.result !== undefined)
          .map((r) => atob((r.result as { payload: string }).payload))
          .join() === 'nas,printer,camera',
    },
    {
      en: 'waited 0.5 s for nothing (EAGAIN)',
      fr: 'attendu 0,5 s pour rien (EAGAIN)',
      holds: (trace) => {
        const reads = returns(trace).filter((r) => r.host === 'client' && r.call === 'recvfrom');
        const last = reads.at(-1)!;
        return last.errno === 'EAGAIN' && Math.abs(seconds(last.t - reads.at(-2)!.t) - 0.5) < 0.001;
      },
    },
  ],
  'udp-echo': [
    {
      en: 'recvfrom() gave up after 1 s with EAGAIN',
      fr: "recvfrom() a abandonné au bout d'1 s avec EAGAIN",
      holds: (trace) => {
        const timedOut = returns(trace).find((r) => r.call === 'recvfrom' && r.errno === 'EAGAIN')!;
        const call = trace.events
          .filter((e) => e.kind === 'call' && e.call === 'recvfrom' && e.host === 'client' && e.t < timedOut.t)
          .at(-1)!;
        return Math.abs(seconds(timedOut.t - call.t) - 1) < 0.001;
      },
    },
  ],
  chat: [
    {
      en: 'its first recv() returned both at once (29 bytes)',
      fr: 'son premier recv() les a renvoyées ensemble (29 octets)',
      holds: (trace) => {
        const first = returns(trace).find((r) => r.host === 'client3' && r.call === 'recv')!;
        return first.call === 'recv' && first.result?.bytes === 29;
      },
    },
  ],
  'tcp-multi-client': [
    {
      en: 'accept() returned a new socket for each client (fd 4, then fd 5)',
      fr: 'accept() a renvoyé une nouvelle socket pour chaque client (fd 4, puis fd 5)',
      holds: (trace) =>
        returns(trace)
          .flatMap((r) => (r.call === 'accept' && r.result !== undefined ? [r.result.fd] : []))
          .join() === '4,5',
    },
  ],
  'congestion-control': [
    {
      en: 'ssthresh fell to 0.7 × cwnd (CUBIC)',
      fr: 'ssthresh est tombé à 0,7 × cwnd (CUBIC)',
      holds: (trace) => {
        const tcbs = trace.events.filter((e) => e.kind === 'tcb' && e.host === 'client');
        const at = tcbs.findIndex((e) => e.kind === 'tcb' && e.ccPhase === 'fast-recovery');
        const before = tcbs[at - 1];
        const after = tcbs[at];
        if (before?.kind !== 'tcb' || after?.kind !== 'tcb') return false;
        return Math.abs((after.ssthresh ?? 0) - 0.7 * (before.cwnd ?? 0)) <= 1;
      },
    },
  ],
};

/** The gaps (s, 2 decimals) between successive sends of the client's `len`-byte segment that was lost. */
function gapsOfDataSends(trace: Trace, from: string, len: number): number[] {
  const sends = segments(trace).filter((s) => s.from === from && s.len === len);
  const lostSeq = sends.find((s) => s.retransmission === true)?.seq;
  const same = sends.filter((s) => s.seq === lostSeq);
  return same.slice(1).map((s, i) => Number(seconds(s.t - same[i]!.t).toFixed(2)));
}

/** From the client's first send() to its last answer read. */
function requestsTook(trace: Trace): number {
  const first = trace.events.find((e) => e.kind === 'call' && e.host === 'client' && e.call === 'send')!;
  const answers = returns(trace).filter((r) => r.host === 'client' && r.call === 'recv' && (r.result?.bytes ?? 0) > 0);
  return seconds(answers.at(-1)!.t - first.t);
}

/** Checks every claim a lesson's guide makes against its Trace: what it made, and each problem. */
function checkClaims(scenario: Scenario, trace: Trace): { made: string[]; problems: string[] } {
  let en = guideText(scenario, 'en');
  let fr = guideText(scenario, 'fr');
  const made: string[] = [];
  const problems: string[] = [];
  for (const claim of claims) {
    const inEn = claim.en.test(en);
    const inFr = claim.fr.test(fr);
    claim.en.lastIndex = 0;
    claim.fr.lastIndex = 0;
    if (inEn !== inFr) problems.push(`"${claim.name}": said in ${inEn ? 'English' : 'French'} only`);
    if (!inEn) continue;
    made.push(claim.name);
    if (!claim.holds(trace, scenario)) problems.push(`"${claim.name}" is not what the Trace shows`);
    if (claim.consumes === true) {
      en = en.replace(claim.en, '');
      fr = fr.replace(claim.fr, '');
    }
  }
  if (errnosNamed(fr).join() !== errnosNamed(en).join()) problems.push('the two languages name different errnos');
  const errnos = new Set(returns(trace).flatMap((r) => (r.errno === undefined ? [] : [r.errno])));
  for (const errno of errnosNamed(en)) {
    made.push(errno);
    if (!errnos.has(errno as never)) problems.push(`${errno} is never returned`);
  }
  if (byteCounts(fr, 'fr').join() !== byteCounts(en, 'en').join())
    problems.push('the two languages give different byte counts');
  const lengths = new Set([
    ...segments(trace).map((s) => s.len),
    ...returns(trace).flatMap((r) => (r.call === 'recv' && r.result !== undefined ? [r.result.bytes] : [])),
  ]);
  for (const count of byteCounts(en, 'en')) {
    made.push(`${count} bytes`);
    if (!lengths.has(count)) problems.push(`no ${count}-byte segment or read`);
  }
  for (const claim of lessonClaims[scenario.id] ?? []) {
    made.push(claim.en);
    if (!guideText(scenario, 'en').includes(claim.en) || !guideText(scenario, 'fr').includes(claim.fr))
      problems.push(`"${claim.en}" / "${claim.fr}": no longer said`);
    else if (!claim.holds(trace)) problems.push(`"${claim.en}" is not what the Trace shows`);
  }
  return { made, problems };
}

describe('the guided path', () => {
  it.each(lessons)('%s has a guide in English and in French', (_id, scenario) => {
    const guide = scenario.guide;
    expect(guide).toBeDefined();
    expect(guide!.goals.length).toBeGreaterThanOrEqual(2);
    expect(guide!.goals.length).toBeLessThanOrEqual(3);
    for (const text of [...guide!.goals, guide!.watchFor, guide!.recap]) {
      expect(text.en.trim()).not.toBe('');
      expect(text.fr.trim()).not.toBe('');
      expect(text.fr).not.toBe(text.en);
    }
    // Short enough to read from the back of the room: a goal is a line, the texts a short paragraph.
    for (const goal of guide!.goals) expect(Math.max(goal.en.length, goal.fr.length)).toBeLessThanOrEqual(90);
    for (const text of [guide!.watchFor, guide!.recap])
      expect(Math.max(text.en.length, text.fr.length)).toBeLessThanOrEqual(340);
  });

  it('numbers every built-in lesson exactly once, 1 to n', () => {
    const orders = builtinScenarios.map((s) => s.guide?.order).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(orders).toEqual(builtinScenarios.map((_s, i) => i + 1));
    const path = guidedPath(builtinScenarios);
    const listed = path.flatMap((stage) => stage.lessons);
    expect(listed.map((lesson) => lesson.number)).toEqual(orders);
    expect(new Set(listed.map((lesson) => lesson.scenario.id)).size).toBe(builtinScenarios.length);
    expect(path.find((stage) => stage.id === 'other')).toBeUndefined();
  });

  it('follows the course: sockets and one connection, then the stream, closing, UDP, failures, options, applications', () => {
    const path = guidedPath(builtinScenarios);
    expect(path.map((stage) => stage.id)).toEqual(Object.keys(stageStarts));
    const ids = (stage: string) => path.find((s) => s.id === stage)!.lessons.map((lesson) => lesson.scenario.id);
    expect(ids('connection')[0]).toBe('tcp-echo');
    expect(ids('closing')).toContain('tcp-half-close');
    expect(ids('udp')).toEqual(['udp-echo', 'udp-discovery']);
    expect(ids('failures')).toContain('tcp-retransmission');
    expect(ids('options')).toEqual(expect.arrayContaining(['time-wait-reuseaddr', 'nagle-nodelay', 'keepalive']));
    expect(ids('applications')).toContain('chat');
  });

  it('puts a lesson without a guide after the numbered ones, in an "other" stage', () => {
    const path = guidedPath([{ id: 'b', guide: { order: 2 } }, { id: 'mine' }, { id: 'a', guide: { order: 1 } }]);
    expect(path.map((stage) => [stage.id, stage.lessons.map((l) => `${l.number}:${l.scenario.id}`)])).toEqual([
      ['connection', ['1:a', '2:b']],
      ['other', ['3:mine']],
    ]);
  });

  it.each(lessons)('%s: its minutes are the reading-pace estimate of its Trace', (id, scenario) => {
    expect(scenario.guide?.minutes).toBe(readingMinutes(totalSteps(traceOf(id))));
  });

  it('estimates at a reading pace: 5 s a step, a long lesson played past 120 steps, a minute of framing', () => {
    expect(readingMinutes(0)).toBe(1);
    expect(readingMinutes(78)).toBe(8); // tcp-echo: 390 s + 60 s
    expect(readingMinutes(120)).toBe(11);
    expect(readingMinutes(1237)).toBe(19); // congestion-control: 600 s + 1117 × 0.4 s + 60 s
  });

  it.each(lessons)('%s: what its guide says happens, its Trace shows', (id, scenario) => {
    const { made, problems } = checkClaims(scenario, traceOf(id));
    expect(problems).toEqual([]);
    // Every lesson's guide makes claims the Trace checks.
    expect(made.length).toBeGreaterThan(1);
  });

  it('catches a guide that says what its Trace does not show', () => {
    const echo = builtinScenarios.find((s) => s.id === 'tcp-echo')!;
    const wrong: Scenario = {
      ...echo,
      guide: {
        ...echo.guide!,
        recap: {
          en: 'The client got a RST and ECONNRESET after 29 bytes, with no TIME-WAIT.',
          fr: 'Le client a reçu un RST et ECONNRESET après 29 octets, sans TIME-WAIT.',
        },
      },
    };
    expect(checkClaims(wrong, traceOf('tcp-echo')).problems).toEqual([
      '"no TIME-WAIT" is not what the Trace shows',
      '"a RST" is not what the Trace shows',
      'ECONNRESET is never returned',
      'no 29-byte segment or read',
    ]);
    const halfSaid: Scenario = {
      ...echo,
      guide: { ...echo.guide!, recap: { en: 'The SYN was resent after 1 s.', fr: 'Le SYN est parti une fois.' } },
    };
    expect(checkClaims(halfSaid, traceOf('tcp-echo')).problems).toContain(
      '"a retransmission after a timeout": said in English only',
    );
  });
});
