// The diagram up to the cursor as PlantUML sequence-diagram text (for course notes built with
// PlantUML, and the many wikis that render it). Same statements as the Mermaid export.
import type { Trace } from '../../trace/types';
import { sequenceText, type SequenceTextOptions } from './sequence-text';

/** One line of label text: PlantUML ends a statement at a newline; `\n` in a label is a break. */
export function plantumlText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/\\/g, '\\\\')
    .trim();
}

/** A participant's display name goes in double quotes, which it may therefore not contain. */
const quoted = (name: string): string => `"${plantumlText(name).replace(/"/g, "'")}"`;

// PlantUML: -> a message, ->x one lost on the way, --> dashed (the kernel's ICMP answer).
const ARROWS = { solid: '->', lost: '->x', dashed: '-->' } as const;

export function toPlantUml(trace: Trace, options: SequenceTextOptions = {}): string {
  const { scenario, participants, statements } = sequenceText(trace, options);
  const lines = ['@startuml'];
  if (scenario !== undefined) lines.push(`' Wirestep: ${plantumlText(scenario)}`);
  for (const p of participants) lines.push(`participant ${quoted(p.name)} as ${p.id}`);
  for (const s of statements) {
    if (s.kind === 'message') lines.push(`${s.from} ${ARROWS[s.style]} ${s.to} : ${plantumlText(s.text)}`);
    else lines.push(`note over ${s.over.join(', ')} : ${plantumlText(s.text)}`);
  }
  lines.push('@enduml');
  return `${lines.join('\n')}\n`;
}
