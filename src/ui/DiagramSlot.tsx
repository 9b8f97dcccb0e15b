// Mounts the sequence diagram (src/ui/diagram, built separately) when it exists, and a
// placeholder otherwise, so the app builds and runs at every stage.
import type { ComponentType, JSX } from 'react';
import type { Trace } from '../trace/types';
import { useT } from './useT';

export interface DiagramProps {
  trace: Trace;
  shownEvents: number;
  seqMode: 'relative' | 'absolute';
  animate: boolean;
  lang: 'en' | 'fr';
  presentation?: boolean;
  onSelectEvent?: (eventIndex: number) => void;
}

// Eager glob: resolved at build time, an empty object while the diagram file does not exist yet.
const modules = import.meta.glob<{ Diagram?: ComponentType<DiagramProps> }>('./diagram/Diagram.tsx', { eager: true });
const Diagram = Object.values(modules)[0]?.Diagram;

export const hasDiagram = Diagram !== undefined;

export function DiagramSlot(props: DiagramProps): JSX.Element {
  const t = useT();
  if (Diagram === undefined) {
    return (
      <div className="diagram-placeholder" data-testid="diagram-placeholder">
        <p>{t('view.placeholder')}</p>
      </div>
    );
  }
  return <Diagram {...props} />;
}
