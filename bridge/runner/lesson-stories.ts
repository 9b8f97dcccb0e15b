// The state story of a lesson's run, simulated or real, in one comparable shape: each socket's
// changes as `FROM>TO>...`, sorted per host (descriptors differ between the two runs), and how
// many of the simulation's transitions the real kernel went through. Used by the every-lesson
// live tests and scripts/lessons-link-table.ts (issue 10 items 4 and 5).
import type { StateEvent, Trace } from '../../src/trace/types';

/** Host -> the sorted stories of its sockets. */
export type Stories = Record<string, string[]>;

/** Each socket's story as `FROM>TO>...`, sorted per host. */
export function stateStories(trace: Trace): Stories {
  const bySocket = new Map<string, string[]>();
  for (const e of trace.events) {
    if (e.kind !== 'state') continue;
    const state = e as StateEvent;
    const key = `${state.host}/${state.socket}`;
    const path = bySocket.get(key) ?? [state.from];
    path.push(state.to);
    bySocket.set(key, path);
  }
  const out: Stories = {};
  for (const [key, path] of bySocket) {
    const host = key.slice(0, key.lastIndexOf('/'));
    // The timewait socket's end is out of the tracepoints' reach (a note says so), and 60 s
    // after the programs: compare the story up to TIME-WAIT in both.
    const story = path.join('>').replace(/>TIME-WAIT>CLOSED$/, '>TIME-WAIT');
    (out[host] ??= []).push(story);
  }
  for (const list of Object.values(out)) list.sort();
  return out;
}

/** Every transition of the stories as `host FROM>TO`, with repeats (a multiset as a list). */
function transitions(stories: Stories): string[] {
  const out: string[] = [];
  for (const [host, list] of Object.entries(stories)) {
    for (const story of list) {
      const states = story.split('>');
      for (let i = 1; i < states.length; i++) out.push(`${host} ${states[i - 1] ?? ''}>${states[i] ?? ''}`);
    }
  }
  return out;
}

/** How many of the simulation's transitions the real run has too (per host, repeats counted). */
export function reproducedTransitions(sim: Stories, real: Stories): { reproduced: number; simulated: number } {
  const left = new Map<string, number>();
  for (const t of transitions(real)) left.set(t, (left.get(t) ?? 0) + 1);
  let reproduced = 0;
  const simulated = transitions(sim);
  for (const t of simulated) {
    const n = left.get(t) ?? 0;
    if (n > 0) {
      reproduced++;
      left.set(t, n - 1);
    }
  }
  return { reproduced, simulated: simulated.length };
}
