// Lessons from a link, a fragment or a file: read within bounds, validated with their JSON path,
// never thrown; and the store keeps what was on screen when one fails.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findScenario } from '../scenario/library';
import { scenarioLimits } from '../scenario/limits';
import type { Scenario } from '../scenario/schema';
import { lessonFragmentPayload, parseLessonUrl, withoutLessonFragment } from './lesson-link';
import { openLessonFile, openLessonFragment, openLessonUrl } from './lesson-open';
import { decodeLessonFragment, encodeLessonFragment, fetchLesson, lessonFromText } from './lesson-source';
import { initialState } from './state';
import { selectScenario, useAppStore } from './store';

const echo = findScenario('tcp-echo')!;
/** A lesson of one's own: the echo lesson under another id and title. */
const custom: Scenario = { ...echo, id: 'my-echo', title: { en: 'My echo', fr: 'Mon écho' } };
const text = (value: unknown) => JSON.stringify(value);

const respond = (body: string, init: ResponseInit = {}) => new Response(body, { status: 200, ...init });

describe('lessonFromText', () => {
  it('accepts a valid scenario', () => {
    expect(lessonFromText(text(custom))).toEqual({ ok: true, scenario: custom });
  });

  it('names the JSON path of each problem', () => {
    const broken = { ...custom, hosts: [{ name: 'server', addr: 'not an address' }, custom.hosts[1]] };
    const read = lessonFromText(text(broken));
    expect(read.ok).toBe(false);
    if (read.ok || read.failure.kind !== 'invalid') throw new Error('expected problems');
    expect(read.failure.problems.map((problem) => problem.path)).toContain('$.hosts[0].addr');
  });

  it('reports bad JSON at $ and a Trace file as not a lesson', () => {
    const bad = lessonFromText('{"format": "wirestep-scenario",');
    expect(bad.ok === false && bad.failure.kind === 'invalid' && bad.failure.problems[0]?.path).toBe('$');
    const trace = lessonFromText(text({ format: 'wirestep-trace', version: 1, events: [] }));
    expect(trace).toEqual({ ok: false, failure: { kind: 'not-a-lesson', message: 'format "wirestep-trace"' } });
  });

  it('refuses a text over the bound before parsing it', () => {
    const huge = `{"pad":"${'x'.repeat(scenarioLimits.maxTextBytes)}"}`;
    expect(lessonFromText(huge)).toEqual({
      ok: false,
      failure: { kind: 'too-big', limit: scenarioLimits.maxTextBytes },
    });
  });
});

describe('parseLessonUrl', () => {
  it.each(['lessons/echo.json', '/course/a.json', 'https://example.org/l.json', 'http://127.0.0.1:8080/x'])(
    'accepts %s',
    (url) => expect(parseLessonUrl(url)).toBe(url),
  );
  it.each(['javascript:alert(1)', 'data:application/json,{}', 'file:///etc/passwd', '', 'x'.repeat(2049)])(
    'refuses %s',
    (url) => expect(parseLessonUrl(url)).toBeUndefined(),
  );
});

describe('fetchLesson', () => {
  it('reads a lesson relative to the page', async () => {
    const fetchImpl = vi.fn(async (_url: string | URL | Request) => respond(text(custom)));
    expect(await fetchLesson('lessons/my.json', 'https://site.example/course/app/?x=1', fetchImpl)).toEqual({
      ok: true,
      scenario: custom,
    });
    expect(fetchImpl.mock.calls[0]?.[0]).toBe('https://site.example/course/app/lessons/my.json');
  });

  it('says the HTTP status of a missing file', async () => {
    const read = await fetchLesson('missing.json', 'https://a.example/', async () => respond('no', { status: 404 }));
    expect(read).toEqual({ ok: false, failure: { kind: 'fetch', status: 404, message: 'HTTP 404' } });
  });

  it('stops reading a body over the bound, declared or not', async () => {
    const big = new Uint8Array(1 << 20);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(big);
      },
    });
    const read = await fetchLesson('x.json', 'https://a.example/', async () => new Response(endless));
    expect(read).toEqual({ ok: false, failure: { kind: 'too-big', limit: scenarioLimits.maxTextBytes } });
    expect(pulled).toBeLessThanOrEqual(scenarioLimits.maxTextBytes / big.length + 2);
    const declared = await fetchLesson('x.json', 'https://a.example/', async () =>
      respond('{}', { headers: { 'content-length': String(64 << 20) } }),
    );
    expect(declared.ok === false && declared.failure.kind).toBe('too-big');
  });

  it('says a web page is not a lesson (a mistyped path on a single-page site)', async () => {
    const page = respond('<!doctype html><title>app</title>', {
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
    expect(await fetchLesson('typo.json', 'https://a.example/', async () => page)).toEqual({
      ok: false,
      failure: { kind: 'web-page' },
    });
  });

  it('turns a network or CORS failure into a message', async () => {
    const read = await fetchLesson('https://other.example/l.json', 'https://a.example/', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(read).toEqual({ ok: false, failure: { kind: 'fetch', message: 'Failed to fetch' } });
  });

  it('gives up after its timeout', async () => {
    vi.useFakeTimers();
    try {
      const never: typeof fetch = (_url, init) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
      const pending = fetchLesson('slow.json', 'https://a.example/', never, 5000);
      await vi.advanceTimersByTimeAsync(5000);
      expect(await pending).toEqual({ ok: false, failure: { kind: 'timeout', ms: 5000 } });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('#lesson= fragment', () => {
  it('carries a whole lesson and gives it back', async () => {
    const fragment = await encodeLessonFragment(custom);
    expect(fragment.startsWith('lesson=')).toBe(true);
    // Deflate earns its place: base64 and all, the link is well under the JSON's length.
    expect(fragment.length).toBeLessThan(text(custom).length * 0.6);
    const payload = lessonFragmentPayload(`#${fragment}`)!;
    expect(await decodeLessonFragment(payload)).toEqual({ ok: true, scenario: custom });
  });

  it('keeps the other fragment parts when the lesson leaves', () => {
    expect(withoutLessonFragment('#a=1&lesson=abc&b')).toBe('#a=1&b');
    expect(withoutLessonFragment('#lesson=abc')).toBe('');
    expect(lessonFragmentPayload('#a=1')).toBeUndefined();
  });

  it('stops inflating at the bound (a small link cannot expand to gigabytes)', async () => {
    const zeros = new Uint8Array(scenarioLimits.maxTextBytes * 4);
    const stream = new Blob([zeros]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const bomb = new Uint8Array(await new Response(stream).arrayBuffer());
    expect(bomb.length).toBeLessThan(64 << 10);
    let binary = '';
    for (const byte of bomb) binary += String.fromCharCode(byte);
    const payload = btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(await decodeLessonFragment(payload)).toEqual({
      ok: false,
      failure: { kind: 'too-big', limit: scenarioLimits.maxTextBytes },
    });
  });

  it('never throws on a damaged payload', async () => {
    const good = lessonFragmentPayload(`#${await encodeLessonFragment(custom)}`)!;
    await fc.assert(
      fc.asyncProperty(fc.nat(good.length - 1), fc.string({ maxLength: 8 }), async (at, junk) => {
        const read = await decodeLessonFragment(good.slice(0, at) + junk + good.slice(at + junk.length));
        expect(typeof read.ok).toBe('boolean');
      }),
      { seed: 20261201, numRuns: 60 },
    );
  });
});

describe('opening a lesson in the store', () => {
  beforeEach(() => useAppStore.setState(initialState('en')));
  afterEach(() => vi.unstubAllGlobals());

  it('shows a lesson fetched by URL, simulated, under its own id', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => respond(text(custom))),
    );
    await openLessonUrl('lessons/my.json', 'https://a.example/app/', { seed: 7, cursor: 3 });
    const state = useAppStore.getState();
    expect(state.scenarioId).toBe('my-echo');
    expect(state.loaded?.origin).toEqual({ kind: 'url', url: 'lessons/my.json' });
    expect(state.seed).toBe(7);
    expect(state.cursor).toBe(3);
    expect(state.trace?.meta.scenario).toBe('my-echo');
    expect(state.lessonLoading).toBeNull();
  });

  it('keeps the lesson on screen when another cannot be opened, and says why', async () => {
    selectScenario('tcp-echo', { cursor: 5 });
    const before = useAppStore.getState();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => respond(text({ ...custom, programs: 'none' }))),
    );
    await openLessonUrl('broken.json', 'https://a.example/');
    const after = useAppStore.getState();
    expect(after.scenarioId).toBe('tcp-echo');
    expect(after.trace).toBe(before.trace);
    expect(after.cursor).toBe(5);
    const failure = after.lessonProblem?.failure;
    expect(failure?.kind === 'invalid' && failure.problems.some((problem) => problem.path === '$.programs')).toBe(true);
  });

  it('drops the answer of a request overtaken by another choice', async () => {
    let answer: (response: Response) => void = () => {};
    const fetchMock = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
    vi.stubGlobal('fetch', fetchMock);
    const pending = openLessonUrl('slow.json', 'https://a.example/');
    expect(useAppStore.getState().lessonLoading).toEqual({ kind: 'url', url: 'slow.json' });
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalled());
    selectScenario('udp-echo');
    answer(respond(text(custom)));
    await pending;
    expect(useAppStore.getState().scenarioId).toBe('udp-echo');
    expect(useAppStore.getState().loaded).toBeNull();
  });

  it('opens a lesson from a link fragment and from a file', async () => {
    await openLessonFragment(lessonFragmentPayload(`#${await encodeLessonFragment(custom)}`)!);
    expect(useAppStore.getState().loaded?.origin).toEqual({ kind: 'link' });
    const file = Object.assign(new Blob([text({ ...custom, id: 'from-file' })]), { name: 'mine.json' });
    await openLessonFile(file);
    expect(useAppStore.getState().scenarioId).toBe('from-file');
    expect(useAppStore.getState().loaded?.origin).toEqual({ kind: 'file', fileName: 'mine.json' });
  });

  it('selecting a built-in lesson leaves the loaded one', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => respond(text({ ...custom, id: 'tcp-echo' }))),
    );
    await openLessonUrl('shadow.json', 'https://a.example/');
    expect(useAppStore.getState().loaded).not.toBeNull();
    selectScenario('tcp-echo');
    expect(useAppStore.getState().loaded).toBeNull();
  });
});
