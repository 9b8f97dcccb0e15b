// What the teacher chose for the screen itself: the side panels shown or folded away, the legend
// shown or not. Page-local UI state (no protocol meaning, not in the share link), shared by the
// header, the toolbar and the workspace.
import { create } from 'zustand';

export interface ScreenPrefs {
  /** The side column (explanation, TCB, code…) beside the diagram in the normal view. */
  side: boolean;
  /** The legend strip above the diagram. */
  legend: boolean;
  toggleSide: () => void;
  toggleLegend: () => void;
}

export const useScreenPrefs = create<ScreenPrefs>((set) => ({
  side: true,
  legend: false,
  toggleSide: () => set((state) => ({ side: !state.side })),
  toggleLegend: () => set((state) => ({ legend: !state.legend })),
}));
