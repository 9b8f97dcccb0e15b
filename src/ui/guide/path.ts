// The guided path of the landing page (issue 13): the built-in lessons in the order of the
// course's chapter on sockets (/work/shared/course: the socket API and the TCP flow, the byte
// stream and its framing, closing, UDP, errors and timeouts, socket options, complete
// applications), numbered 1..n by each lesson's `guide.order`, in stages. Pure, so the path is
// tested without a browser.
import type { Scenario } from '../../scenario/schema';

export const pathStageIds = [
  'connection',
  'transfer',
  'closing',
  'udp',
  'failures',
  'options',
  'applications',
  'other',
] as const;
export type PathStageId = (typeof pathStageIds)[number];

/**
 * Where each stage starts in the order. The course goes from the socket API and one TCP
 * connection (socket, bind, listen, accept, connect, the handshake, FIN/ACK) to the byte stream
 * and its delimiters or length prefixes, then closing, then UDP ("Différences TCP vs UDP"), then
 * errors and timeouts (connection refused, settimeout, retries), then the common socket options
 * (SO_REUSEADDR, TCP_NODELAY, SO_KEEPALIVE), and ends with complete applications (several
 * clients, chat, HTTP).
 */
export const stageStarts: Readonly<Record<Exclude<PathStageId, 'other'>, number>> = {
  connection: 1,
  transfer: 3,
  closing: 4,
  udp: 7,
  failures: 9,
  options: 13,
  applications: 17,
};

export interface PathLesson<S> {
  /** 1-based number shown on the path (the lesson's place among all lessons, not its order field). */
  number: number;
  scenario: S;
}

export interface PathStage<S> {
  id: PathStageId;
  lessons: PathLesson<S>[];
}

type Guided = Pick<Scenario, 'id'> & { guide?: { order?: number } };

function stageOf(order: number | undefined): PathStageId {
  if (order === undefined) return 'other';
  let found: PathStageId = 'other';
  for (const id of pathStageIds) {
    if (id === 'other') continue;
    if (order >= stageStarts[id]) found = id;
  }
  return found;
}

/**
 * The lessons sorted by `guide.order` (a lesson without one goes last, in the library's order),
 * numbered from 1, cut into the non-empty stages.
 */
export function guidedPath<S extends Guided>(scenarios: readonly S[]): PathStage<S>[] {
  const sorted = scenarios
    .map((scenario, index) => ({ scenario, index, order: scenario.guide?.order }))
    .sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || a.index - b.index);
  const stages = new Map<PathStageId, PathLesson<S>[]>();
  sorted.forEach(({ scenario, order }, i) => {
    const id = stageOf(order);
    const lessons = stages.get(id) ?? [];
    lessons.push({ number: i + 1, scenario });
    stages.set(id, lessons);
  });
  return pathStageIds.flatMap((id) => {
    const lessons = stages.get(id);
    return lessons === undefined ? [] : [{ id, lessons }];
  });
}
