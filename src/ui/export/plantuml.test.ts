import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import { toMermaid } from './mermaid';
import { plantumlText, toPlantUml } from './plantuml';

const echo = simulate(findScenario('tcp-echo')!);

describe('toPlantUml', () => {
  it('writes @startuml … @enduml with one participant per lane', () => {
    const text = toPlantUml(echo);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('@startuml');
    expect(lines.at(-1)).toBe('@enduml');
    expect(text).toContain('participant "server fd 3" as server_fd3');
    expect(text).toContain('participant "client" as client');
  });

  it('draws the same statements as the Mermaid export, in PlantUML arrows', () => {
    const text = toPlantUml(echo);
    expect(text).toContain('client -> server_fd3 : SYN seq=0');
    expect(text).toContain('note over client : ESTABLISHED');
    const messages = (s: string, arrow: RegExp) => s.split('\n').filter((l) => arrow.test(l)).length;
    expect(messages(text, / -> /)).toBe(messages(toMermaid(echo), /->>/));
  });

  it('marks a lost packet with ->x', () => {
    const lost = simulate(findScenario('tcp-retransmission')!);
    expect(toPlantUml(lost)).toMatch(/client ->x server_fd\d : SYN seq=0/);
  });

  it('keeps every label on one line and quotes names safely', () => {
    expect(plantumlText('a\nb\\n')).toBe('a b\\\\n');
    expect(toPlantUml(echo, { lang: 'fr' })).toContain('participant "server fd 3" as server_fd3');
  });
});
