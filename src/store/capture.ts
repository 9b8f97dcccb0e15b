// An imported file's session: the file being read (with its progress), the last import's
// problem, the whole imported trace, the connection picked and the endpoint names. The trace on
// screen lives in the app store (state.ts `showImported`); this store holds what the import
// banner and the capture bar need. Files never reach the URL: only their name is kept, in memory.
import { create } from 'zustand';
import type { Trace } from '../trace/types';
import type { AppStore } from './store';

export type ImportKind = 'capture' | 'trace';

/** Where the trace on screen came from when it was not simulated. */
export interface ImportedFrom {
  fileName: string;
  kind: ImportKind;
  /** The TCP states were inferred from the packets (a capture), not recorded. */
  inferred: boolean;
}

/** Reading the file, decoding its packets, building the trace. */
export type ImportStage = 'read' | 'parse' | 'build';

export type ImportFailure =
  /** The file is over the size an import accepts. */
  | { kind: 'tooLarge'; bytes: number; limit: number }
  /** The capture parser stopped at `offset` (the packets before it may still be shown). */
  | { kind: 'capture'; offset: number; message: string }
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
  from: ImportedFrom | null;
  /** The connection shown, by its id in meta.connections; null shows every packet. */
  connectionId: number | null;
  /** Names given to endpoints, by "addr:port". */
  names: Record<string, string>;
  /** The capture's packets are still at hand, so names can be applied (not for a Trace JSON). */
  renamable: boolean;
  /** A rename is being applied. */
  renaming: boolean;
}

export type CaptureAction =
  | { type: 'importStarted'; fileName: string }
  | { type: 'importProgress'; stage: ImportStage; fraction: number }
  | { type: 'importCancelled' }
  | { type: 'importFailed'; problem: ImportProblem }
  | {
      type: 'imported';
      trace: Trace;
      from: ImportedFrom;
      problem: ImportProblem | null;
      renamable: boolean;
      connectionId: number | null;
    }
  | { type: 'pickConnection'; connectionId: number | null }
  | { type: 'renameStarted'; names: Record<string, string> }
  | { type: 'renamed'; trace: Trace }
  | { type: 'renameFailed' }
  | { type: 'dismissProblem' }
  /** The imported trace left the screen (a scenario was selected). */
  | { type: 'closed' };

export function initialCaptureState(): CaptureState {
  return {
    loading: null,
    problem: null,
    full: null,
    from: null,
    connectionId: null,
    names: {},
    renamable: false,
    renaming: false,
  };
}

const clampFraction = (fraction: number): number =>
  Number.isFinite(fraction) ? Math.min(Math.max(fraction, 0), 1) : 0;

export function reduceCapture(state: CaptureState, action: CaptureAction): CaptureState {
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
    case 'imported':
      return {
        loading: null,
        problem: action.problem,
        full: action.trace,
        from: action.from,
        connectionId: action.connectionId,
        names: {},
        renamable: action.renamable,
        renaming: false,
      };
    case 'pickConnection':
      return state.full === null ? state : { ...state, connectionId: action.connectionId };
    case 'renameStarted':
      return state.renamable ? { ...state, names: action.names, renaming: true } : state;
    case 'renamed':
      return state.full === null ? state : { ...state, full: action.trace, renaming: false };
    case 'renameFailed':
      return { ...state, renaming: false };
    case 'dismissProblem':
      return state.problem === null ? state : { ...state, problem: null };
    case 'closed':
      return { ...initialCaptureState(), loading: state.loading };
  }
}

export interface CaptureStore extends CaptureState {
  dispatch: (action: CaptureAction) => void;
}

export const useCaptureStore = create<CaptureStore>()((set) => ({
  ...initialCaptureState(),
  dispatch: (action) => set((state) => reduceCapture(state, action)),
}));

export const captureDispatch = (action: CaptureAction): void => useCaptureStore.getState().dispatch(action);

/** The app store's record of the imported file, or null while a simulation is shown. */
export const selectImported = (state: AppStore): ImportedFrom | null => state.imported;
