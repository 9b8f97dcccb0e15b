// A script's run as a Trace: valid against the schema, with every segment sent and delivered and
// a note per expectation met or failed.
import { describe, expect, it } from 'vitest';
import { validateTrace } from '../trace/validate';
import { parseScript } from './parse';
import { ScriptRun } from './peer';
import { scriptTrace } from './trace';

const script = [
  '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
  '+0 bind(3, ..., ...) = 0',
  '+0 listen(3, 1) = 0',
  '+0 < S 0:0(0) win 32767 <mss 1460>',
  '+0 > S. 0:0(0) ack 1',
  '+0.1 < . 1:1(0) ack 1 win 32767',
  '+0 accept(3, ..., ...) = 4',
  '+0 close(4) = 0',
  '+0 > R. 1:1(0) ack 1',
];

describe('scriptTrace', () => {
  it('is a valid Trace with both directions, the calls, and each expectation marked', () => {
    const result = new ScriptRun(parseScript(script.join('\n')), { profile: 'rfc' }).run();
    expect(result).toMatchObject({ status: 'fail', line: 9 });
    const trace = scriptTrace(result, 'x.pkt', 'rfc');
    const checked = validateTrace(trace);
    expect(checked.ok ? [] : checked.problems).toEqual([]);
    const segments = trace.events.filter((e) => e.kind === 'segment');
    expect(segments.map((e) => `${e.from}>${e.to} ${e.flags.join(',')}`)).toEqual([
      'peer>local SYN',
      'local>peer SYN,ACK',
      'peer>local ACK',
      'local>peer FIN,ACK',
    ]);
    expect(trace.events.filter((e) => e.kind === 'deliver')).toHaveLength(4);
    expect(trace.events.some((e) => e.kind === 'return' && e.call === 'accept')).toBe(true);
    const notes = trace.events.flatMap((e) => (e.kind === 'note' ? [e.text.en] : []));
    expect(notes).toEqual([
      'line 5: S. 0:0(0) ack 1 met',
      'line 9: failed: expected R. 1:1(0) ack 1 at 0.100000 s, got F. 1:1(0) ack 1 win 65535 at 0.100000 s',
    ]);
    expect(trace.meta['packetdrill']).toMatchObject({ path: 'x.pkt', status: 'fail', line: 9 });
  });
});
