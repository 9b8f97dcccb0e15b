import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { conceptLabel, interpolate, isLang, translate, translateCount, translator } from './index';

describe('interpolate', () => {
  it('fills every {name} with its value', () => {
    expect(interpolate('{count} events over {duration} ms', { count: 3, duration: '1.500' })).toBe(
      '3 events over 1.500 ms',
    );
  });

  it('fills the same name twice and leaves unknown names visible', () => {
    expect(interpolate('{a}-{a} {missing}', { a: 'x' })).toBe('x-x {missing}');
  });

  it('does not read inherited properties', () => {
    expect(interpolate('{toString}', {})).toBe('{toString}');
  });
});

describe('translate', () => {
  it('uses the catalogue of the language', () => {
    expect(translate('en', 'trace.error', { message: 'boom' })).toBe('The simulation failed: boom');
    expect(translate('fr', 'trace.error', { message: 'boom' })).toBe('La simulation a échoué : boom');
  });

  it('has a non-empty French message for every English key', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(fr[key], key).not.toBe('');
  });

  it('names concepts, or shows an unknown id as is', () => {
    expect(conceptLabel('fr', 'handshake')).toBe('poignée de main en trois temps');
    expect(conceptLabel('en', 'no-such-concept')).toBe('no-such-concept');
  });

  it('picks singular or plural by the rules of each language', () => {
    expect(translateCount('en', 'event.bytes', 1)).toBe('1 byte');
    expect(translateCount('en', 'event.bytes', 0)).toBe('0 bytes');
    expect(translateCount('fr', 'event.bytes', 0)).toBe('0 octet');
    expect(translateCount('fr', 'event.bytes', 2)).toBe('2 octets');
    expect(translator('fr').count('trace.summary', 1, { duration: '5.000' })).toBe(
      '1 événement sur 5.000 ms de temps simulé',
    );
  });

  it('knows its languages', () => {
    expect(isLang('fr')).toBe(true);
    expect(isLang('de')).toBe(false);
    expect(isLang(undefined)).toBe(false);
  });
});
