import { describe, expect, it } from 'vitest';
import { parseUrlSettings, toSearch } from './url';

describe('parseUrlSettings', () => {
  it('takes the language from ?lang= first', () => {
    expect(parseUrlSettings('?lang=fr', ['en-US']).lang).toBe('fr');
    expect(parseUrlSettings('?lang=EN', ['fr-FR']).lang).toBe('en');
  });

  it('falls back to the first browser language we have, then English', () => {
    expect(parseUrlSettings('', ['de-DE', 'fr-CA', 'en']).lang).toBe('fr');
    expect(parseUrlSettings('?lang=de', ['en-GB']).lang).toBe('en');
    expect(parseUrlSettings('', ['de', 'es']).lang).toBe('en');
    expect(parseUrlSettings('', []).lang).toBe('en');
  });

  it('reads a scenario id and a seed, rejecting malformed ones', () => {
    expect(parseUrlSettings('?scenario=tcp-echo&seed=42')).toEqual({ lang: 'en', scenarioId: 'tcp-echo', seed: 42 });
    expect(parseUrlSettings('?scenario=../etc&seed=-1')).toEqual({ lang: 'en' });
    expect(parseUrlSettings('?seed=4294967296').seed).toBeUndefined();
    expect(parseUrlSettings('?seed=4294967295').seed).toBe(4294967295);
  });
});

describe('toSearch', () => {
  it('writes language, scenario and seed, keeping other parameters', () => {
    expect(toSearch('?debug=1', { lang: 'fr', scenarioId: 'tcp-echo', seed: 7 })).toBe(
      '?debug=1&lang=fr&scenario=tcp-echo&seed=7',
    );
  });

  it('drops scenario and seed when none is selected', () => {
    expect(toSearch('?lang=en&scenario=tcp-echo&seed=3', { lang: 'en' })).toBe('?lang=en');
  });

  it('round-trips through parseUrlSettings', () => {
    const settings = { lang: 'fr' as const, scenarioId: 'udp-echo', seed: 123 };
    expect(parseUrlSettings(toSearch('', settings))).toEqual(settings);
  });
});
