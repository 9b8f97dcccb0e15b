// A big trace's read side, worked out before the trace is shown: the panels that draw at the first
// frame and at the first step (the host cards, the step counter, the congestion plot, the packet
// pane, the explanation) each ask a query of the whole trace, and on one render those came to
// seconds at 100,000 packets in one main-thread task (issue 9). Here each query runs in a task of
// its own, the progress bar moves and the cancel button stays live between them; the queries keep
// their results beside the trace (perTrace), so the render finds them done.
import {
  callPartners,
  congestionSender,
  congestionSeries,
  eventOwners,
  hostDescriptors,
  hostStates,
  packetFates,
  packetIndex,
  segmentRoles,
  stateBefore,
  totalSteps,
} from '../../trace/query';
import type { Trace } from '../../trace/types';
import { nameableEndpoints } from './select';

/** What the first render and the first step ask of the whole trace, in the order they ask it. */
const firstQueries: readonly ((trace: Trace) => unknown)[] = [
  totalSteps,
  eventOwners,
  hostDescriptors,
  callPartners,
  (trace) => hostStates(trace, 0),
  congestionSeries,
  congestionSender,
  packetIndex,
  packetFates,
  segmentRoles,
  stateBefore,
  // The capture bar's endpoints to name (select.ts).
  (trace) => nameableEndpoints(trace, null),
];

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
 * Works out the trace's first queries, one task each, reporting the fraction done; false as soon
 * as `wanted` says the trace is no longer to be shown (the import was cancelled).
 */
export async function prepareTrace(
  trace: Trace,
  progress: (fraction: number) => void,
  wanted: () => boolean,
): Promise<boolean> {
  for (const [done, query] of firstQueries.entries()) {
    progress(done / firstQueries.length);
    await nextTask();
    if (!wanted()) return false;
    query(trace);
  }
  progress(1);
  // The page's render of the trace gets a task of its own, not the last query's.
  await nextTask();
  return wanted();
}
