import { describe, expect, it } from 'vitest';
import { sampleTrace } from './test-fixtures';
import type { Trace } from './types';
import { parseTrace, traceLimits, validateTrace } from './validate';

/** A sample trace as loose JSON that a test may break anywhere. */
function broken(edit: (json: Record<string, unknown> & { events: Record<string, unknown>[] }) => void): unknown {
  const json = JSON.parse(JSON.stringify(sampleTrace())) as Record<string, unknown> & {
    events: Record<string, unknown>[];
  };
  edit(json);
  return json;
}

function problemsOf(json: unknown): string[] {
  const result = validateTrace(json);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('validateTrace', () => {
  it('accepts a valid trace and returns it unchanged', () => {
    const trace = sampleTrace();
    const result = validateTrace(trace);
    expect(result).toEqual({ ok: true, trace });
  });

  it('accepts an empty trace', () => {
    const result = validateTrace({ ...sampleTrace(), events: [], meta: {} });
    expect(result.ok).toBe(true);
  });

  it('keeps extra fields, as the Trace format allows', () => {
    const json = broken((j) => {
      j.extra = 1;
      (j.events[0] as Record<string, unknown>).rtt = 5;
      (j.meta as Record<string, unknown>).producer = 'test';
    });
    const result = validateTrace(json);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect((result.trace as Trace & { extra: number }).extra).toBe(1);
      expect(result.trace.meta.producer).toBe('test');
    }
  });

  it('reports a wrong header with its path', () => {
    expect(problemsOf({ ...sampleTrace(), format: 'pcap' })[0]).toMatch(/^\$\.format: /);
    expect(problemsOf({ ...sampleTrace(), version: 3 })[0]).toMatch(/^\$\.version: /);
    expect(problemsOf({ ...sampleTrace(), source: 'guess' })[0]).toMatch(/^\$\.source: /);
    expect(problemsOf({ ...sampleTrace(), hosts: [{ name: 'a' }] })).toEqual(['$.hosts[0].addr: required']);
    expect(problemsOf([])).toEqual(['$: Invalid input: expected object, received array']);
  });

  it('reports a missing required field per event kind', () => {
    const required: Record<string, string[]> = {
      call: ['host', 'socket', 'call', 'args'],
      return: ['host', 'socket', 'call'],
      state: ['host', 'socket', 'from', 'to', 'cause'],
      segment: ['id', 'from', 'to', 'src', 'dst', 'flags', 'seq', 'ack', 'window', 'len', 'options', 'payload'],
      datagram: ['id', 'from', 'to', 'src', 'dst', 'len', 'payload'],
      icmp: ['id', 'from', 'to', 'type', 'about'],
      deliver: ['id'],
      drop: ['id', 'reason'],
      timer: ['host', 'socket', 'timer', 'action'],
      note: ['text'],
    };
    const trace = sampleTrace();
    for (const [kind, fields] of Object.entries(required)) {
      const index = trace.events.findIndex((e) => e.kind === kind);
      expect(index, kind).toBeGreaterThanOrEqual(0);
      for (const field of ['t', ...fields]) {
        const json = broken((j) => {
          delete j.events[index]?.[field];
        });
        expect(problemsOf(json), `${kind}.${field}`).toContain(`$.events[${index}].${field}: required`);
      }
    }
  });

  it.each([
    ['t is negative', 0, 't', -1, '$.events[0].t: expected a whole number of microseconds >= 0'],
    ['t is fractional', 0, 't', 0.5, '$.events[0].t: expected a whole number of microseconds >= 0'],
    ['seq is above 2^32-1', 5, 'seq', 2 ** 32, '$.events[5].seq: expected a 32-bit unsigned integer (0 to 4294967295)'],
    ['ack is negative', 5, 'ack', -1, '$.events[5].ack: expected a 32-bit unsigned integer (0 to 4294967295)'],
    ['a flag is unknown', 5, 'flags', ['SYN', 'ECE'], '$.events[5].flags[1]: Invalid option: expected one of'],
    ['a flag repeats', 5, 'flags', ['SYN', 'SYN'], '$.events[5].flags[1]: duplicate flag SYN'],
    ['a state is misspelt', 1, 'to', 'SYN_SENT', '$.events[1].to: Invalid option'],
    ['a state is not RFC', 1, 'to', 'NEW_SYN_RECV', '$.events[1].to: Invalid option'],
    ['the kind is unknown', 0, 'kind', 'packet', '$.events[0].kind: unknown kind "packet"; expected one of call'],
    ['an endpoint lacks its port', 5, 'src', '10.0.0.2', '$.events[5].src: expected "addr:port"'],
    ['a port is too large', 5, 'dst', '10.0.0.1:70000', '$.events[5].dst: port must be at most 65535'],
    ['a payload is not base64', 16, 'payload', 'hello!', '$.events[16].payload: expected base64'],
    ['a payload is longer than len', 16, 'len', 2, '$.events[16].payload: payload holds 14 bytes but len is 2'],
    ['a scaled window lacks its shift', 5, 'windowRaw', 64, '$.events[5].window: expected windowRaw and windowShift'],
    ['a window shift is above 14', 5, 'windowShift', 15, '$.events[5].windowShift: Too big'],
    ['a host is unknown', 0, 'host', 'router', '$.events[0].host: unknown host "router"'],
    ['a segment goes to an unknown host', 5, 'to', 'router', '$.events[5].to: unknown host "router"'],
    ['a deliver names no packet', 8, 'id', 99, '$.events[8].id: no earlier segment, datagram or icmp has id 99'],
    ['an id repeats', 9, 'id', 1, '$.events[9].id: duplicate packet id 1'],
    ['an errno is unknown', 34, 'errno', 'EWHATEVER', '$.events[34].errno: Invalid option'],
    ['a timer kind is unknown', 7, 'timer', 'linger', '$.events[7].timer: Invalid option'],
    ['a timer is set without at', 7, 'at', undefined, '$.events[7].at: required when action is "set"'],
    ['a timer expires before it is set', 7, 'at', 10, '$.events[7].at: a timer cannot expire (10) before it is set'],
    ['a note lacks French', 26, 'text', { en: 'x' }, '$.events[26].text.fr: required'],
    ['an icmp answers nothing', 31, 'about', 42, '$.events[31].about: no earlier packet has id 42'],
  ])('reports it when %s', (_what, index, field, value, expected) => {
    const json = broken((j) => {
      const event = j.events[index];
      if (event === undefined) throw new Error(`no event ${index}`);
      if (value === undefined) delete event[field];
      else event[field] = value;
    });
    const problems = problemsOf(json);
    expect(
      problems.some((p) => p.startsWith(expected)),
      problems.join('\n'),
    ).toBe(true);
  });

  it('accepts a scaled window given with its field and shift (RFC 7323 2.3), and no other', () => {
    const scaled = (window: number) =>
      broken((j) => {
        Object.assign(j.events[5] ?? {}, { window, windowRaw: 64, windowShift: 10 });
      });
    expect(problemsOf(scaled(65536))).toEqual([]);
    expect(problemsOf(scaled(64))).toContain(
      '$.events[5].window: expected windowRaw and windowShift together, with window = windowRaw × 2^windowShift',
    );
  });

  it('accepts a packet to an address that no host holds', () => {
    const json = broken((j) => {
      const event = j.events[5];
      if (event) event.to = '10.0.0.99';
    });
    expect(problemsOf(json)).toEqual([]);
  });

  it('accepts descriptor -1 for calls without one, but not lower', () => {
    const call = { t: 0, kind: 'call', host: 'client', socket: -1, call: 'socket', args: { type: 'SOCK_STREAM' } };
    expect(problemsOf({ ...sampleTrace(), events: [call] })).toEqual([]);
    expect(problemsOf({ ...sampleTrace(), events: [{ ...call, socket: -2 }] })).toEqual([
      '$.events[0].socket: expected a descriptor number (>= 0, or -1 for none)',
    ]);
  });

  it('reports events out of order at the later one', () => {
    const json = broken((j) => {
      const event = j.events[10];
      if (event) event.t = 5000;
    });
    expect(problemsOf(json)).toEqual(['$.events[10].t: events must be sorted by t: 5000 comes after 6000']);
  });

  it('reports a return with both result and errno', () => {
    const json = broken((j) => {
      const event = j.events[34];
      if (event) event.result = { bytes: 0, payload: '' };
    });
    expect(problemsOf(json)).toEqual(['$.events[34]: a return has either result or errno, not both']);
  });

  it('checks each call’s result shape (Trace v2 CallResults)', () => {
    const json = broken((j) => {
      const event = j.events[34];
      if (event) delete event.errno;
      if (event) event.result = 7;
    });
    expect(problemsOf(json)).toEqual(['$.events[34].result: Invalid input: expected object, received number']);
  });

  it('reads a version 1 Trace and upgrades it: each state event gains its reason code', () => {
    const v2 = sampleTrace();
    const v1 = JSON.parse(JSON.stringify(v2)) as { version: number; events: Record<string, unknown>[] };
    v1.version = 1;
    for (const event of v1.events) if (event.kind === 'state') delete event.reason;
    const result = validateTrace(v1);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.trace.version).toBe(2);
    const reasons = (trace: Trace) => trace.events.flatMap((e) => (e.kind === 'state' ? [e.reason] : []));
    expect(reasons(result.trace)).toEqual(reasons(v2));
  });

  it('refuses a version 2 state event without its reason', () => {
    const json = broken((j) => {
      const index = j.events.findIndex((e) => e.kind === 'state');
      delete j.events[index]?.reason;
    });
    expect(problemsOf(json)).toEqual(['$.events[1].reason: required']);
  });

  it('reports an event that is not an object', () => {
    const json = broken((j) => {
      (j.events as unknown[])[3] = 'call';
    });
    expect(problemsOf(json)).toEqual(['$.events[3]: expected an event object']);
  });

  it('refuses more than the maximum number of events without walking them', () => {
    const huge = { ...sampleTrace(), events: new Array<unknown>(traceLimits.maxEvents + 1) };
    expect(problemsOf(huge)).toEqual([`$.events: too many events: 5000001 (at most ${traceLimits.maxEvents})`]);
  });

  it('stops after the maximum number of problems', () => {
    const json = broken((j) => {
      for (const event of j.events) event.t = -1;
    });
    const outOfOrder = broken((j) => {
      j.events = Array.from({ length: 500 }, () => ({ kind: 'note', t: -1, text: { en: '', fr: '' } }));
    });
    expect(problemsOf(json).length).toBeLessThanOrEqual(traceLimits.maxProblems + 1);
    const problems = problemsOf(outOfOrder);
    expect(problems).toHaveLength(traceLimits.maxProblems + 1);
    expect(problems.at(-1)).toBe(`$: stopped after ${traceLimits.maxProblems} problems`);
  });
});

describe('parseTrace', () => {
  it('parses a valid trace', () => {
    expect(parseTrace(JSON.stringify(sampleTrace())).ok).toBe(true);
  });

  it('reports a JSON syntax error at $', () => {
    const result = parseTrace('{"format": "wirestep-trace",');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]?.path).toBe('$');
      expect(result.problems[0]?.message).toMatch(/^not valid JSON: /);
    }
  });
});
