// Objects kept for the life of the module so that V8 keeps their hidden classes (maps). A map
// no live object has is collected by a full collection, and with it goes the optimized code and
// the type feedback of every function that relied on it. The importer makes its readers, tables
// and writers anew for each file, so a full collection between two imports (a page opening a
// second capture, the CLI or the server importing one after another, `npm run bench` with gc()
// before each run) threw all of that away, and each import paid for deoptimizing and
// re-optimizing its per-packet functions again: the bench's timed runs took 1.3-1.6x the time of
// runs without the collection between them (issue 9). One small example of each kind, holding
// no capture, keeps the maps.
const kept: object[] = [];

/** Keeps `examples` (small, and holding no file) alive for good. */
export function keepShapes(...examples: object[]): void {
  kept.push(...examples);
}
