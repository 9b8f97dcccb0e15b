import { bulkScenario } from './bridge/bench';
import { simulate } from './src/sim';
const times: number[] = [];
let n = 0;
for (let i = 0; i < 20; i++) { (globalThis as any).gc?.(); const t0 = performance.now(); n = simulate(bulkScenario as never, {}).events.length; times.push(Math.round(performance.now() - t0)); }
console.log(n, times.join(' '));
