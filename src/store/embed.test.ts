import { describe, expect, it } from 'vitest';
import { embedStepMessage, maxEmbedStep, parseEmbedCommand } from './embed';

describe('parseEmbedCommand', () => {
  it('reads goto, play and pause', () => {
    expect(parseEmbedCommand({ wirestep: 'goto', step: 12 }, 78)).toEqual({ type: 'goTo', cursor: 12 });
    expect(parseEmbedCommand({ wirestep: 'play' }, 78)).toEqual({ type: 'play' });
    expect(parseEmbedCommand({ wirestep: 'pause' }, 78)).toEqual({ type: 'pause' });
  });

  it('clamps the step to the lesson and rounds it', () => {
    expect(parseEmbedCommand({ wirestep: 'goto', step: 500 }, 78)).toEqual({ type: 'goTo', cursor: 78 });
    expect(parseEmbedCommand({ wirestep: 'goto', step: -3 }, 78)).toEqual({ type: 'goTo', cursor: 0 });
    expect(parseEmbedCommand({ wirestep: 'goto', step: 4.6 }, 78)).toEqual({ type: 'goTo', cursor: 5 });
    expect(parseEmbedCommand({ wirestep: 'goto', step: Number.MAX_VALUE }, 0)).toEqual({ type: 'goTo', cursor: 0 });
  });

  it('before the lesson is on screen, keeps the step within the link limit', () => {
    expect(parseEmbedCommand({ wirestep: 'goto', step: 40 }, null)).toEqual({ type: 'goTo', cursor: 40 });
    expect(parseEmbedCommand({ wirestep: 'goto', step: 1e12 }, null)).toEqual({ type: 'goTo', cursor: maxEmbedStep });
  });

  it('ignores extra fields', () => {
    expect(parseEmbedCommand({ wirestep: 'play', step: 'x', other: { deep: [1] } }, 10)).toEqual({ type: 'play' });
  });

  it('ignores anything malformed, without throwing', () => {
    const malformed: unknown[] = [
      undefined,
      null,
      0,
      'goto',
      '{"wirestep":"play"}',
      [],
      ['play'],
      {},
      { wirestep: 'Play' },
      { wirestep: 'step', step: 3, total: 10 },
      { wirestep: 'goto' },
      { wirestep: 'goto', step: '5' },
      { wirestep: 'goto', step: Number.NaN },
      { wirestep: 'goto', step: Number.POSITIVE_INFINITY },
      { wirestep: 'goto', step: null },
      { wirestep: 'goto', step: { valueOf: () => 3 } },
      { wirestep: ['goto'], step: 3 },
      { type: 'goto', step: 3 },
      Object.create(null),
    ];
    for (const data of malformed) expect(parseEmbedCommand(data, 10)).toBeNull();
  });

  it('does not read inherited fields', () => {
    expect(parseEmbedCommand(Object.create({ wirestep: 'play' }), 10)).toBeNull();
    const step = Object.assign(Object.create({ step: 3 }) as object, { wirestep: 'goto' });
    expect(parseEmbedCommand(step, 10)).toBeNull();
  });
});

describe('embedStepMessage', () => {
  it('is the documented shape', () => {
    expect(embedStepMessage(3, 78)).toEqual({ wirestep: 'step', step: 3, total: 78 });
  });
});
