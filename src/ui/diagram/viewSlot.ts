// The element of the view header where the diagram puts its packet pane (a portal target), so the
// pane's summary shares the header's row instead of taking a row under the drawing.
import { createContext } from 'react';

export const ViewSlot = createContext<HTMLElement | null>(null);
