// A big trace's read side, worked out before the trace is shown: the panels that draw at the first
// frame and at the first step (the host cards, the step counter, the congestion plot, the packet
// pane, the explanation) each ask a query of the whole trace, and on one render those came to
// seconds at 100,000 packets in one main-thread task (issue 9). Here the queries run a chunk of
// events at a time (their steps, src/trace/query/memo.ts) in tasks of about `taskMs`, the progress
// bar moves and the cancel button stays live between them; the queries keep their results beside
// the trace (perTrace), so the render finds them done.
import {
  callPartners,
  congestionSender,
  congestionSeries,
  eventOwners,
  hostDescriptors,
  hostStates,
  hostTransports,
  initialStates,
  packetFates,
  packetIndex,
  segmentRoles,
  shownCursorsInSteps,
  stateBefore,
  stepIndices,
  type Steps,
} from '../../trace/query';
import type { Trace } from '../../trace/types';
import { useAppStore } from '../../store';
import { packetEndpoints } from './select';

/** A query to work out: as steps, or at once (one that only reads the others' results). */
type Query = (trace: Trace) => Steps<unknown> | void;

/**
 * What the first render and the first step ask of the whole trace, each after what it reads
 * (a query asked before the one it reads would work that one out in one go).
 */
const firstQueries: readonly Query[] = [
  stepIndices.steps,
  callPartners.steps,
  eventOwners.steps,
  (trace) => void hostDescriptors(trace),
  hostTransports.steps,
  initialStates.steps,
  (trace) => void hostStates(trace, 0),
  congestionSeries.steps,
  (trace) => void congestionSender(trace),
  packetIndex.steps,
  (trace) => void packetFates(trace),
  stateBefore.steps,
  segmentRoles.steps,
  // The step counter and the scrubber: the cursors the current filter stops at.
  (trace) => shownCursorsInSteps(trace, useAppStore.getState().eventFilter),
  // The capture bar's endpoints to name (select.ts).
  (trace) => packetEndpoints(trace),
];

/** Main-thread time spent on the queries before the page gets a turn. */
const taskMs = 25;

/** Yields to the page: a message to itself runs after what is queued (input, rendering). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

/**
 * Works out the trace's first queries in tasks of about `taskMs`, reporting the fraction done;
 * false as soon as `wanted` says the trace is no longer to be shown (the import was cancelled).
 */
export async function prepareTrace(
  trace: Trace,
  progress: (fraction: number) => void,
  wanted: () => boolean,
): Promise<boolean> {
  let started = performance.now();
  for (const [done, query] of firstQueries.entries()) {
    progress(done / firstQueries.length);
    const steps = query(trace);
    for (let next = steps?.next(); next !== undefined && next.done !== true; next = steps?.next()) {
      if (performance.now() - started < taskMs) continue;
      await nextTask();
      if (!wanted()) return false;
      started = performance.now();
    }
  }
  progress(1);
  // The page's render of the trace gets a task of its own, not the last query's.
  await nextTask();
  return wanted();
}
