// A bridge stand-in for bridge/capture/tracepoints-live.test.ts: starts a real run of a lesson and
// prints each status line, so the test can SIGKILL this process mid-run and check that tcpdump,
// the tracefs reader and the tracefs instance do not outlive it.
//   tsx bridge/capture/test-kill-child.ts LESSON PORT-OFFSET
import { builtinScenarios } from '../../src/scenario/library';
import { runReal } from '../runner/run-scenario';

const [lesson = '', portOffset = '0'] = process.argv.slice(2);
const scenario = builtinScenarios.find((s) => s.id === lesson);
if (scenario === undefined) throw new Error(`no lesson ${lesson}`);
process.stdout.write(`pid ${process.pid}\n`);
await runReal(
  scenario,
  {
    signal: new AbortController().signal,
    onEvent: () => {},
    onStatus: (s) => process.stdout.write(`status ${s.text.en}\n`),
  },
  { portOffset: Number(portOffset) },
);
process.stdout.write('done\n');
