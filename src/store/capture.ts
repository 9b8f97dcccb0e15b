// The capture slice: an imported file's session. The file being read (with its progress), the
// last import's problem, the whole imported trace, the connection picked and the endpoint names.
// The trace on screen and the file it came from are in the lesson slice (`trace`, `imported`); an
// import sets both slices in one action (state.ts `imported`). Files never reach the URL: only
// their name is kept, in memory.
import type { LocalizedText, Trace } from '../trace/types';

export type ImportKind = 'capture' | 'trace';

/** Where the trace on screen came from when it was not simulated. */
export interface ImportedFrom {
  fileName: string;
  kind: ImportKind;
  /** The TCP states were inferred from the packets (a capture), not recorded. */
  inferred: boolean;
}

/** Reading the file, decoding its packets, building the trace. */
export type ImportStage = 'read' | 'parse' | 'build' | 'prepare';

export type ImportFailure =
  /** The file is over the size an import accepts. */
  | { kind: 'tooLarge'; bytes: number; limit: number }
  /** The capture parser stopped at `offset` (the packets before it may still be shown). */
  | { kind: 'capture'; offset: number; message: string; text?: LocalizedText }
  /** A well-formed capture without a single packet. */
  | { kind: 'noPackets' }
  /** A Trace JSON that does not validate: its first problems by JSON path, and how many in all. */
  | { kind: 'traceProblems'; problems: { path: string; message: string }[]; total: number }
  /** The file could not be read at all (or the import crashed). */
  | { kind: 'unreadable'; message: string };

export interface ImportProblem {
  fileName: string;
  failure: ImportFailure;
  /** Packets read before the problem and shown anyway; 0 means the view was left as it was. */
  shown: number;
}

export interface ImportLoading {
  fileName: string;
  stage: ImportStage;
  /** Fraction of the current stage done, 0 to 1. */
  fraction: number;
}

export interface CaptureState {
  loading: ImportLoading | null;
  problem: ImportProblem | null;
  /** The whole imported trace (every connection); the app shows it or one connection of it. */
  full: Trace | null;
  /** The connection shown, by its id in meta.connections; null shows every packet. */
  connectionId: number | null;
  /** Names given to endpoints, by "addr:port". */
  names: Record<string, string>;
  /** The capture's packets are still at hand, so names can be applied (not for a Trace JSON). */
  renamable: boolean;
  /** A rename is being applied. */
  renaming: boolean;
}

/** Actions that change the capture slice alone; an import shown, a connection picked and names
 * applied change the trace on screen too, and are in state.ts. */
export type CaptureAction =
  | { type: 'importStarted'; fileName: string }
  | { type: 'importProgress'; stage: ImportStage; fraction: number }
  | { type: 'importCancelled' }
  | { type: 'importFailed'; problem: ImportProblem }
  | { type: 'renameStarted'; names: Record<string, string> }
  | { type: 'renameFailed' }
  | { type: 'dismissProblem' };

export function initialCaptureState(): CaptureState {
  return {
    loading: null,
    problem: null,
    full: null,
    connectionId: null,
    names: {},
    renamable: false,
    renaming: false,
  };
}

const clampFraction = (fraction: number): number =>
  Number.isFinite(fraction) ? Math.min(Math.max(fraction, 0), 1) : 0;

export function reduceCapture<S extends CaptureState>(state: S, action: CaptureAction): S {
  switch (action.type) {
    case 'importStarted':
      // The previous problem goes: it was about another file.
      return { ...state, loading: { fileName: action.fileName, stage: 'read', fraction: 0 }, problem: null };
    case 'importProgress':
      if (state.loading === null) return state;
      return { ...state, loading: { ...state.loading, stage: action.stage, fraction: clampFraction(action.fraction) } };
    case 'importCancelled':
      return { ...state, loading: null };
    case 'importFailed':
      // Nothing else changes: what was on screen stays on screen.
      return { ...state, loading: null, problem: action.problem };
    case 'renameStarted':
      return state.renamable ? { ...state, names: action.names, renaming: true } : state;
    case 'renameFailed':
      return { ...state, renaming: false };
    case 'dismissProblem':
      return state.problem === null ? state : { ...state, problem: null };
  }
}

/** The capture slice as a closed one: what selecting a scenario leaves (a file being read carries on). */
export function closedCapture(state: CaptureState): CaptureState {
  return { ...initialCaptureState(), loading: state.loading };
}

export const selectImportLoading = (state: CaptureState): ImportLoading | null => state.loading;
export const selectImportProblem = (state: CaptureState): ImportProblem | null => state.problem;
export const selectFullCapture = (state: CaptureState): Trace | null => state.full;
export const selectConnectionId = (state: CaptureState): number | null => state.connectionId;
export const selectEndpointNames = (state: CaptureState): Record<string, string> => state.names;
export const selectRenamable = (state: CaptureState): boolean => state.renamable;
export const selectRenaming = (state: CaptureState): boolean => state.renaming;
