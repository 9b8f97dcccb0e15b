import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { findScenario } from '../../scenario/library';
import { simulate } from '../../sim';
import { renderDiagramSvgString } from './exportSvg';
import { resolveCssVariables } from './resolveCss';

const echo = simulate(findScenario('tcp-echo')!, {});

const count = (svg: string, pattern: RegExp) => (svg.match(pattern) ?? []).length;

describe('renderDiagramSvgString', () => {
  it('renders the whole diagram as a self-contained, accessible SVG', async () => {
    const svg = await renderDiagramSvgString(echo, { theme: 'dark' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toMatch(/xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toMatch(/ width="\d+" height="\d+" viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('data-testid="diagram-svg"');
    expect(svg).toContain('data-theme="dark"');
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title>Sequence diagram: server, client</title>');
    expect(svg).toContain('<style>');
    // (Vitest loads CSS as empty text; the browser build embeds diagram.css itself.)
    expect(count(svg, /data-testid="segment"/g)).toBe(10);
    expect(svg).toContain('data-flags="SYN,ACK"');
    expect(count(svg, /data-testid="lifeline-server"/g)).toBe(1);
    expect(count(svg, /data-testid="lifeline-client"/g)).toBe(1);
    expect(svg).toContain('data-testid="lifeline-server-4"');
    expect(svg).toContain('SYN, ACK seq=0 ack=1');
    expect(svg).toContain('… 59.99 s …');
    expect(svg).toContain('SYN seq=0, from client to server, sent at 1 ms, delivered at 6 ms');
  });

  it('draws only what happened before the cursor, with the newest segment in flight', async () => {
    const firstSyn = echo.events.findIndex((e) => e.kind === 'segment');
    const svg = await renderDiagramSvgString(echo, { shownEvents: firstSyn + 1, lang: 'fr' });
    expect(count(svg, /data-testid="segment"/g)).toBe(1);
    expect(svg).toContain('data-fate="in-flight"');
    expect(svg).toContain('SYN seq=0, de client vers server, envoyé à 1 ms, en route');
    expect(svg).toContain('Diagramme de séquence');
    expect(svg).not.toContain('data-testid="time-gap"');
  });

  it('shows datagrams, drops and errno', async () => {
    const udp = await renderDiagramSvgString(simulate(findScenario('udp-echo')!, {}));
    expect(count(udp, /data-testid="datagram"/g)).toBe(7);
    expect(count(udp, /data-testid="icmp"/g)).toBe(1);
    expect(count(udp, /data-testid="drop"/g)).toBe(1);
    expect(udp).toContain('UDP len=3 &quot;one&quot;');
    expect(udp).toContain('data-testid="errno"');
    expect(udp).toContain('ECONNREFUSED');
  });
});

describe('renderDiagramSvgString as a file', () => {
  it('is well-formed XML (the stylesheet is CDATA)', async () => {
    const svg = await renderDiagramSvgString(echo, { shownEvents: 30 });
    expect(svg).toMatch(/<style><!\[CDATA\[[^]*\]\]><\/style>/);
    // Outside the stylesheet, every `<` opens a tag or a CDATA section.
    const rest = svg.replace(/<!\[CDATA\[[^]*?\]\]>/g, '');
    expect(rest).not.toMatch(/<(?![a-zA-Z/])/);
  });
});

describe('renderDiagramSvgString with its colours resolved', () => {
  const css = readFileSync(new URL('./diagram.css', import.meta.url), 'utf8');

  it('embeds no CSS variable, in either theme, normal or presentation', async () => {
    for (const theme of ['light', 'dark'] as const) {
      for (const presentation of [false, true]) {
        const svg = await renderDiagramSvgString(echo, { theme, presentation, css });
        expect(svg).not.toContain('var(--');
        expect(svg).not.toMatch(/--dg-/);
        expect(svg).toContain('.dg .arrow {');
      }
    }
  });

  it('writes the theme’s own colours: the light and dark backgrounds and TCP arrows', async () => {
    const light = await renderDiagramSvgString(echo, { theme: 'light', css });
    const dark = await renderDiagramSvgString(echo, { theme: 'dark', css });
    expect(light).toMatch(/\.dg \.arrow \{\s*color: #1f5fbf;/);
    expect(dark).toMatch(/\.dg \.arrow \{\s*color: #86b4ff;/);
    expect(light).toMatch(/\.dg-background \{\s*fill: #ffffff;/);
    expect(dark).toMatch(/\.dg-background \{\s*fill: #14181f;/);
  });
});

describe('resolveCssVariables', () => {
  const sheet = `.dg { --a: red; --b: var(--a); }
[data-theme='dark'] .dg, .dg[data-theme='dark'] { --a: blue; }
.dg-presentation .dg { --a: green; }
.dg .x { fill: var(--b); stroke: var(--missing, #123); }
.dg-presentation .dg .x { stroke-width: 3; }`;

  it('resolves variables through others, with fallbacks, per theme and presentation', () => {
    expect(resolveCssVariables(sheet, { theme: 'light', presentation: false })).toBe(
      '.dg .x {\n  fill: red;\n  stroke: #123;\n}\n',
    );
    expect(resolveCssVariables(sheet, { theme: 'dark', presentation: false })).toContain('fill: blue;');
    const shown = resolveCssVariables(sheet, { theme: 'dark', presentation: true });
    expect(shown).toContain('fill: green;');
    expect(shown).toContain('.dg .x {\n  stroke-width: 3;\n}');
  });
});

describe('arrow labels', () => {
  it('are each tied to their own arrow by data-event-index', async () => {
    const svg = await renderDiagramSvgString(simulate(findScenario('tcp-retransmission')!, {}));
    const arrows = new Set([...svg.matchAll(/data-testid="segment"[^>]*data-event-index="(\d+)"/g)].map((m) => m[1]));
    const labels = [...svg.matchAll(/data-testid="segment-label" data-event-index="(\d+)"/g)].map((m) => m[1]);
    expect(labels.length).toBeGreaterThan(5);
    expect(new Set(labels).size).toBe(labels.length);
    for (const label of labels) expect(arrows.has(label)).toBe(true);
  });
});
