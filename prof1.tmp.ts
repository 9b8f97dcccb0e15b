import { bulkScenario } from './bridge/bench';
import { simulate } from './src/sim';
const times: number[] = [];
let n = 0;
for (let i = 0; i < 10; i++) { const t0 = performance.now(); n = simulate(bulkScenario as never, {}).events.length; times.push(performance.now() - t0); }
times.sort((a, b) => a - b);
console.log(n, 'events; min', times[0]!.toFixed(1), 'median', times[5]!.toFixed(1), 'ms; events/s(min)', Math.round(n / times[0]! * 1000));
