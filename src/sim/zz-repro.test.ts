import { test } from 'vitest';
import { simulate } from './index';
import { findScenario } from '../scenario/library';
test('repro', () => {
  const s = { ...findScenario('tcp-echo')!, limits: { maxDurationMs: 100 }, faults: [{ type: 'drop' as const, from: 'client', to: 'server', nth: 1, hasData: true }] };
  const tr = simulate(s, { seed: 1 });
  for (const e of tr.events) if (e.kind !== 'call' && e.kind !== 'return') console.log(JSON.stringify(e).slice(0, 200));
});
