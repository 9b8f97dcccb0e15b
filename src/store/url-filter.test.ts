// show= in the share link (issue 8): the event filter is read, written only when not 'all', and
// a bad value is named like any other parameter.
import { describe, expect, it } from 'vitest';
import { eventFilters } from '../trace/query';
import { initialState } from './state';
import { parseUrlSettings, toSearch, type SharedState } from './url';

const shared = (overrides: Partial<SharedState> = {}): SharedState => ({
  ...initialState('en'),
  scenarioId: 'tcp-echo',
  ...overrides,
});

describe('show= (the event filter)', () => {
  it('round-trips every filter; "all" is the default and left out', () => {
    for (const filter of eventFilters) {
      const search = toSearch('', shared({ eventFilter: filter, cursor: 7 }));
      expect(search.includes('show=')).toBe(filter !== 'all');
      const back = parseUrlSettings(search);
      expect(back.eventFilter ?? 'all').toBe(filter);
      expect(back.step).toBe(7);
      expect(back.problems).toEqual([]);
    }
  });

  it('replaces a filter already in the address, and drops it when back to all', () => {
    expect(toSearch('?show=calls', shared({ eventFilter: 'packets' }))).toContain('show=packets');
    expect(toSearch('?show=calls', shared({ eventFilter: 'all' }))).not.toContain('show=');
  });

  it('names a bad value and falls back to showing everything', () => {
    const settings = parseUrlSettings('?scenario=tcp-echo&show=timers&step=3');
    expect(settings.eventFilter).toBeUndefined();
    expect(settings.problems).toEqual([{ param: 'show', value: 'timers' }]);
    expect(settings.step).toBe(3);
    expect(parseUrlSettings('?show=Packets').problems).toEqual([{ param: 'show', value: 'Packets' }]);
  });
});
