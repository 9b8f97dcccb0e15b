import { describe, expect, it } from 'vitest';
import { initialState } from './state';
import { parseUrlSettings, toSearch, type SharedState } from './url';

const shared = (overrides: Partial<SharedState> = {}): SharedState => ({
  ...initialState('en'),
  ...overrides,
});

describe('parseUrlSettings', () => {
  it('takes the language from ?lang= first', () => {
    expect(parseUrlSettings('?lang=fr', ['en-US']).lang).toBe('fr');
    expect(parseUrlSettings('?lang=EN', ['fr-FR']).lang).toBe('en');
  });

  it('falls back to the first browser language we have, then English', () => {
    expect(parseUrlSettings('', ['de-DE', 'fr-CA', 'en']).lang).toBe('fr');
    expect(parseUrlSettings('', ['de', 'es']).lang).toBe('en');
    expect(parseUrlSettings('', []).lang).toBe('en');
  });

  it('reads the full example link', () => {
    const settings = parseUrlSettings(
      '?scenario=tcp-echo&step=12&lang=fr&present=1&seed=3&loss=0.1&latency=5&nagle=0&profile=rfc&seq=abs&theme=dark',
    );
    expect(settings).toEqual({
      lang: 'fr',
      scenarioId: 'tcp-echo',
      seed: 3,
      step: 12,
      conditions: { lossProbability: 0.1, latencyMs: 5, nagle: false, profile: 'rfc' },
      presentation: true,
      seqMode: 'absolute',
      theme: 'dark',
      problems: [],
    });
  });

  it('reads the other conditions and view settings', () => {
    const settings = parseUrlSettings('?jitter=2.5&duplicate=0&reorder=1&bandwidth=64&animate=0&code=go&speed=0.5');
    expect(settings.conditions).toEqual({
      jitterMs: 2.5,
      duplicateProbability: 0,
      reorderProbability: 1,
      bandwidthKbps: 64,
    });
    expect(settings).toMatchObject({ animate: false, codeLang: 'go', speed: 0.5, problems: [] });
  });

  it('names every bad parameter and falls back to the defaults', () => {
    const settings = parseUrlSettings(
      '?lang=de&scenario=../etc&seed=-1&step=x&loss=2&latency=-5&nagle=maybe&profile=bsd&seq=hex&theme=pink&present=yes&speed=3',
      ['en-GB'],
    );
    expect(settings.problems.map((problem) => problem.param)).toEqual([
      'lang',
      'scenario',
      'seed',
      'step',
      'latency',
      'loss',
      'nagle',
      'profile',
      'present',
      'seq',
      'theme',
      'speed',
    ]);
    expect(settings.problems[5]).toEqual({ param: 'loss', value: '2' });
    expect(settings).toMatchObject({ lang: 'en', conditions: {} });
    expect(settings.scenarioId).toBeUndefined();
    expect(settings.seed).toBeUndefined();
    expect(settings.theme).toBeUndefined();
  });

  it('keeps seeds within 32 bits', () => {
    expect(parseUrlSettings('?seed=4294967296').seed).toBeUndefined();
    expect(parseUrlSettings('?seed=4294967295').seed).toBe(4294967295);
  });

  it('ignores parameters it does not own', () => {
    expect(parseUrlSettings('?token=abc&debug=1').problems).toEqual([]);
  });
});

describe('toSearch', () => {
  it('writes only the language when no scenario is selected, keeping other parameters', () => {
    expect(toSearch('?debug=1&scenario=tcp-echo&seed=3&step=4', shared({ lang: 'fr' }))).toBe('?debug=1&lang=fr');
  });

  it('writes scenario, seed and step, and leaves defaults out', () => {
    expect(toSearch('', shared({ scenarioId: 'tcp-echo', seed: 7, cursor: 12 }))).toBe(
      '?lang=en&scenario=tcp-echo&seed=7&step=12',
    );
  });

  it('writes the time scale only when the learner chose one, and reads it back (bad values named)', () => {
    expect(toSearch('', shared({ scenarioId: 'nagle', cursor: 0 }))).not.toContain('time=');
    const search = toSearch('', shared({ scenarioId: 'nagle', cursor: 0, timeScale: 'compressed' }));
    expect(search).toContain('time=compressed');
    expect(parseUrlSettings(search).timeScale).toBe('compressed');
    expect(parseUrlSettings('?time=proportional').timeScale).toBe('proportional');
    expect(parseUrlSettings('?time=zoom').problems).toEqual([{ param: 'time', value: 'zoom' }]);
  });

  it('keeps quiz=1 in the link and reads it back (bad values named)', () => {
    expect(toSearch('', shared({ scenarioId: 'tcp-echo', cursor: 0 }))).not.toContain('quiz=');
    const search = toSearch('?quiz=1', shared({ scenarioId: 'tcp-echo', cursor: 0, quiz: true }));
    expect(search.match(/quiz=1/g)).toHaveLength(1);
    expect(parseUrlSettings(search).quiz).toBe(true);
    expect(toSearch('?quiz=1', shared({ scenarioId: 'tcp-echo', cursor: 0, quiz: false }))).not.toContain('quiz=');
    expect(parseUrlSettings('?quiz=yes').problems).toEqual([{ param: 'quiz', value: 'yes' }]);
  });

  it('keeps embed=1 with the rest of the link and reads it back (bad values named)', () => {
    expect(toSearch('', shared({ scenarioId: 'tcp-echo' }))).not.toContain('embed=');
    const search = toSearch('?embed=1', shared({ scenarioId: 'tcp-echo', cursor: 7, seed: 3, embed: true }));
    expect(search.match(/embed=1/g)).toHaveLength(1);
    expect(parseUrlSettings(search)).toMatchObject({ embed: true, scenarioId: 'tcp-echo', step: 7, seed: 3 });
    expect(parseUrlSettings('?embed=true').problems).toEqual([{ param: 'embed', value: 'true' }]);
  });

  it('round-trips a condition small enough that String() writes it with an exponent', () => {
    const state = shared({ scenarioId: 'tcp-echo', conditions: { lossProbability: 1e-7, latencyMs: 2.5e-7 } });
    const search = toSearch('', state);
    expect(search).toContain('loss=1e-7');
    const settings = parseUrlSettings(search);
    expect(settings.problems).toEqual([]);
    expect(settings.conditions).toEqual({ lossProbability: 1e-7, latencyMs: 2.5e-7 });
    expect(parseUrlSettings('?scenario=tcp-echo&loss=1e309').problems).toEqual([{ param: 'loss', value: '1e309' }]);
  });

  it('round-trips everything a link carries', () => {
    const state = shared({
      lang: 'fr',
      scenarioId: 'udp-echo',
      seed: 123,
      cursor: 12,
      conditions: {
        latencyMs: 5,
        jitterMs: 1,
        lossProbability: 0.1,
        duplicateProbability: 0.05,
        reorderProbability: 0.2,
        bandwidthKbps: 512,
        nagle: false,
        profile: 'rfc',
      },
      presentation: true,
      seqMode: 'absolute',
      theme: 'dark',
      animate: false,
      codeLang: 'node',
      speed: 2,
    });
    const search = toSearch('?token=abc', state);
    expect(search).toContain('token=abc');
    expect(search).toContain('loss=0.1');
    expect(search).toContain('nagle=0');
    expect(parseUrlSettings(search)).toEqual({
      lang: 'fr',
      scenarioId: 'udp-echo',
      seed: 123,
      step: 12,
      conditions: state.conditions,
      presentation: true,
      seqMode: 'absolute',
      theme: 'dark',
      animate: false,
      codeLang: 'node',
      speed: 2,
      problems: [],
    });
  });
});

describe('the brushed range (range=t0-t1)', () => {
  it('reads two whole numbers of microseconds, the first not after the second', () => {
    expect(parseUrlSettings('?range=1500-250000').range).toEqual({ t0: 1500, t1: 250000 });
    expect(parseUrlSettings('?range=7-7').range).toEqual({ t0: 7, t1: 7 });
    expect(parseUrlSettings('?range=1500-250000').problems).toEqual([]);
  });

  it('names a bad range and ignores it', () => {
    for (const value of ['250000-1500', '-5-10', '1.5-3', 'abc', '10-', '1-1234567890123', '']) {
      const settings = parseUrlSettings(`?range=${encodeURIComponent(value)}`);
      expect(settings.range, value).toBeUndefined();
      expect(settings.problems, value).toEqual([{ param: 'range', value }]);
    }
  });

  it('is written with the scenario and read back', () => {
    const search = toSearch('', shared({ scenarioId: 'congestion-control', tsgRange: { t0: 120, t1: 98000 } }));
    expect(search).toContain('range=120-98000');
    expect(parseUrlSettings(search).range).toEqual({ t0: 120, t1: 98000 });
    expect(toSearch('?range=1-2', shared({ scenarioId: 'congestion-control' }))).not.toContain('range');
  });
});

describe('a lesson that is not built in', () => {
  const scenario = { id: 'my-echo' } as never;
  it('reads lesson=URL, and names a URL it will not fetch', () => {
    expect(parseUrlSettings('?lesson=lessons%2Fmy.json').lessonUrl).toBe('lessons/my.json');
    const bad = parseUrlSettings('?lesson=javascript%3Aalert(1)');
    expect(bad.lessonUrl).toBeUndefined();
    expect(bad.problems).toEqual([{ param: 'lesson', value: 'javascript:alert(1)' }]);
  });

  it('links a fetched lesson by its URL, and a file, fragment or edited lesson by neither scenario= nor lesson=', () => {
    const fetched = toSearch(
      '?scenario=tcp-echo',
      shared({ scenarioId: 'my-echo', loaded: { scenario, origin: { kind: 'url', url: 'lessons/my.json' } } }),
    );
    const params = new URLSearchParams(fetched);
    expect(params.get('lesson')).toBe('lessons/my.json');
    expect(params.has('scenario')).toBe(false);
    expect(parseUrlSettings(fetched).lessonUrl).toBe('lessons/my.json');
    const origins = [
      { kind: 'file', fileName: 'x.json' },
      { kind: 'link' },
      { kind: 'edited', from: 'tcp-echo' },
    ] as const;
    for (const origin of origins) {
      const search = new URLSearchParams(
        toSearch('?lesson=old.json', shared({ scenarioId: 'my-echo', loaded: { scenario, origin } })),
      );
      expect(search.has('lesson') || search.has('scenario')).toBe(false);
    }
  });
});

describe('a lesson URL being fetched, or refused', () => {
  it('stays in the link so a reload tries it again', () => {
    const origin = { kind: 'url', url: 'lessons/slow.json' } as const;
    expect(new URLSearchParams(toSearch('', shared({ lessonLoading: origin }))).get('lesson')).toBe(
      'lessons/slow.json',
    );
    expect(new URLSearchParams(toSearch('', shared({ lessonProblem: { origin } }))).get('lesson')).toBe(
      'lessons/slow.json',
    );
    // Once another lesson is on screen, the link is that lesson's.
    const shown = toSearch('', shared({ scenarioId: 'tcp-echo', lessonProblem: { origin } }));
    expect(new URLSearchParams(shown).get('scenario')).toBe('tcp-echo');
    expect(new URLSearchParams(shown).has('lesson')).toBe(false);
  });
});

describe('faults the learner added (faults=)', () => {
  it('are written with the lesson and read back', () => {
    const faults = [
      { type: 'drop', from: 'client', to: 'server', nth: 3 },
      { type: 'crash', host: 'server', atMs: 12.5 },
    ] as const;
    const search = toSearch('', shared({ scenarioId: 'tcp-echo', faults: [...faults] }));
    expect(new URLSearchParams(search).get('faults')).toBe('drop.client.server.3_crash.server.12.5');
    expect(parseUrlSettings(search).faults).toEqual(faults);
    expect(parseUrlSettings('?faults=drop.client.server.0').problems).toEqual([
      { param: 'faults', value: 'drop.client.server.0' },
    ]);
  });
});
