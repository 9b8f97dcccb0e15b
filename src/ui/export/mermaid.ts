// The diagram up to the cursor as Mermaid sequence-diagram text, to paste into Markdown notes,
// slides or a wiki. A pure function of the trace and the display settings (sequence-text.ts).
import type { Trace } from '../../trace/types';
import { sequenceText, type SequenceTextOptions } from './sequence-text';

export type MermaidOptions = SequenceTextOptions;

/** Mermaid ends a statement at `;` and reads `#…;` as an entity: both are written as entities. */
export function mermaidText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[#;]/g, (char) => (char === '#' ? '#35;' : '#59;'))
    .trim();
}

const ARROWS = { solid: '->>', lost: '-x', dashed: '-->>' } as const;

export function toMermaid(trace: Trace, options: MermaidOptions = {}): string {
  const { scenario, participants, statements } = sequenceText(trace, options);
  const lines = ['sequenceDiagram'];
  if (scenario !== undefined) lines.push(`  %% Wirestep: ${mermaidText(scenario)}`);
  for (const p of participants) lines.push(`  participant ${p.id} as ${mermaidText(p.name)}`);
  for (const s of statements) {
    if (s.kind === 'message') lines.push(`  ${s.from}${ARROWS[s.style]}${s.to}: ${mermaidText(s.text)}`);
    else lines.push(`  Note over ${s.over.join(',')}: ${mermaidText(s.text)}`);
  }
  return `${lines.join('\n')}\n`;
}
