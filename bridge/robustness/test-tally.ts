// What the robustness suite counts for each input surface: how many inputs were tried, how many
// gave a clean result, a clear error (one that says where: a byte offset, a JSON path, a
// parameter), an unclear one, a crash (an exception that is not the surface's typed error, or an
// output that breaks the surface's own contract) or a hang (work past the module's own bound),
// and the peak heap while it ran.

export type Outcome =
  | { kind: 'clean' }
  | { kind: 'clear' }
  | { kind: 'unclear'; why: string }
  | { kind: 'crash'; why: string }
  | { kind: 'hang'; why: string };

export const clean: Outcome = { kind: 'clean' };
export const clear: Outcome = { kind: 'clear' };

export interface SurfaceFigures {
  surface: string;
  tried: number;
  clean: number;
  clearErrors: number;
  unclearErrors: number;
  crashes: number;
  hangs: number;
  /** process.memoryUsage().heapUsed, sampled after every input. */
  peakHeapMiB: number;
  /** The peak above the heap when the surface started. */
  peakHeapGrowthMiB: number;
  slowestInputMs: number;
  slowestInput: string;
  seconds: number;
  /** The first three crashes, hangs and unclear errors each, with the input that made them. */
  examples: string[];
}

const mebibyte = 1024 * 1024;
const round = (value: number): number => Math.round(value * 10) / 10;

export class Tally {
  private readonly figures: SurfaceFigures;
  private readonly startHeap = process.memoryUsage().heapUsed;
  private readonly started = performance.now();
  private peakHeap = this.startHeap;

  constructor(surface: string) {
    this.figures = {
      surface,
      tried: 0,
      clean: 0,
      clearErrors: 0,
      unclearErrors: 0,
      crashes: 0,
      hangs: 0,
      peakHeapMiB: 0,
      peakHeapGrowthMiB: 0,
      slowestInputMs: 0,
      slowestInput: '',
      seconds: 0,
      examples: [],
    };
  }

  /**
   * Runs one input. `typedError` tells the surface's own error (a clear refusal) from a crash;
   * `label` names the input for the examples.
   */
  try(label: string, run: () => Outcome, typedError: (error: unknown) => boolean = () => false): void {
    const started = performance.now();
    let outcome: Outcome;
    try {
      outcome = run();
    } catch (error) {
      outcome = typedError(error) ? clear : { kind: 'crash', why: describe(error) };
    }
    this.count(label, outcome, performance.now() - started);
  }

  /** Records an outcome measured elsewhere (asynchronous surfaces). */
  count(label: string, outcome: Outcome, elapsedMs: number): void {
    const f = this.figures;
    f.tried += 1;
    if (elapsedMs > f.slowestInputMs) {
      f.slowestInputMs = elapsedMs;
      f.slowestInput = label.slice(0, 400);
    }
    this.peakHeap = Math.max(this.peakHeap, process.memoryUsage().heapUsed);
    if (outcome.kind === 'clean') f.clean += 1;
    else if (outcome.kind === 'clear') f.clearErrors += 1;
    else {
      if (outcome.kind === 'unclear') f.unclearErrors += 1;
      else if (outcome.kind === 'crash') f.crashes += 1;
      else f.hangs += 1;
      const sameKind = f.examples.filter((example) => example.startsWith(outcome.kind)).length;
      if (sameKind < 3) f.examples.push(`${outcome.kind} on ${label}: ${outcome.why.slice(0, 300)}`);
    }
  }

  result(): SurfaceFigures {
    return {
      ...this.figures,
      peakHeapMiB: round(this.peakHeap / mebibyte),
      peakHeapGrowthMiB: round((this.peakHeap - this.startHeap) / mebibyte),
      slowestInputMs: round(this.figures.slowestInputMs),
      seconds: round((performance.now() - this.started) / 1000),
    };
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const where = error.stack?.split('\n')[1]?.trim() ?? '';
  return `${error.name}: ${error.message} ${where}`;
}

/** The table printed at the end of the suite. */
export function figuresTable(all: readonly SurfaceFigures[]): string {
  const columns: [string, (f: SurfaceFigures) => string | number][] = [
    ['surface', (f) => f.surface],
    ['tried', (f) => f.tried],
    ['clean', (f) => f.clean],
    ['clear errors', (f) => f.clearErrors],
    ['unclear', (f) => f.unclearErrors],
    ['crashes', (f) => f.crashes],
    ['hangs', (f) => f.hangs],
    ['peak heap MiB', (f) => f.peakHeapMiB],
    ['growth MiB', (f) => f.peakHeapGrowthMiB],
    ['slowest ms', (f) => f.slowestInputMs],
    ['s', (f) => f.seconds],
  ];
  const rows = [columns.map(([name]) => name), ...all.map((f) => columns.map(([, get]) => String(get(f))))];
  const widths = columns.map((_, i) => Math.max(...rows.map((row) => (row[i] as string).length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ')).join('\n');
}
