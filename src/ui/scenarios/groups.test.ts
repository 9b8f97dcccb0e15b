import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenario/library';
import { groupOf, groupScenarios } from './groups';

describe('groupScenarios', () => {
  it('puts every built-in scenario in exactly one group, none in "other"', () => {
    const groups = groupScenarios(builtinScenarios);
    const ids = groups.flatMap((group) => group.scenarios.map((scenario) => scenario.id));
    expect(ids.sort()).toEqual(builtinScenarios.map((scenario) => scenario.id).sort());
    expect(groups.find((group) => group.id === 'other')).toBeUndefined();
  });

  it('groups by the first concept', () => {
    expect(groupOf({ concepts: ['handshake', 'udp'] })).toBe('connections');
    expect(groupOf({ concepts: ['udp'] })).toBe('udp');
    expect(groupOf({ concepts: ['rst', 'handshake'] })).toBe('failures');
    expect(groupOf({ concepts: ['no-such-concept'] })).toBe('other');
  });

  it('keeps the library order inside a group and drops empty groups', () => {
    const groups = groupScenarios([
      { id: 'b', concepts: ['udp'] },
      { id: 'a', concepts: ['udp'] },
    ]);
    expect(groups).toEqual([
      {
        id: 'udp',
        scenarios: [
          { id: 'b', concepts: ['udp'] },
          { id: 'a', concepts: ['udp'] },
        ],
      },
    ]);
  });
});
