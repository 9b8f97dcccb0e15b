// The diagram's stylesheet with every CSS variable replaced by its value for one theme (and for
// presentation mode), so an exported SVG renders the same outside a browser: rsvg-convert,
// ImageMagick and slide software ignore custom properties and would draw everything black.

export interface CssContext {
  theme: 'light' | 'dark';
  presentation: boolean;
}

interface Rule {
  selectors: string[];
  body: string;
}

const darkMark = /\[data-theme=(['"]?)dark\1\]/g;
const presentationMark = /\.dg-presentation\s*/g;

function rulesOf(css: string): Rule[] {
  const rules: Rule[] = [];
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const match of text.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const selectors = match[1]!.split(',').map((selector) => selector.trim().replace(/\s+/g, ' '));
    rules.push({ selectors, body: match[2]! });
  }
  return rules;
}

/** The selector as it reads in this context, or undefined when it does not apply here. */
function selectorHere(selector: string, context: CssContext): string | undefined {
  const dark = selector.search(darkMark) >= 0;
  const presentation = selector.search(presentationMark) >= 0;
  if ((dark && context.theme !== 'dark') || (presentation && !context.presentation)) return undefined;
  return selector.replace(darkMark, '').replace(presentationMark, '').replace(/\s+/g, ' ').trim();
}

function declarations(body: string): [string, string][] {
  return body.split(';').flatMap((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) return [];
    return [[part.slice(0, colon).trim(), part.slice(colon + 1).trim()] as [string, string]];
  });
}

/** Values of the variables set on the drawing itself (`.dg`) in this context, in cascade order. */
function variablesOf(rules: readonly Rule[], context: CssContext): Map<string, string> {
  const values = new Map<string, string>();
  for (const rule of rules) {
    if (!rule.selectors.some((selector) => selectorHere(selector, context) === '.dg')) continue;
    for (const [name, value] of declarations(rule.body)) if (name.startsWith('--')) values.set(name, value);
  }
  return values;
}

function substitute(value: string, variables: ReadonlyMap<string, string>, depth = 0): string {
  return value.replace(/var\(\s*(--[\w-]+)\s*(?:,\s*([^)]*))?\)/g, (_whole, name: string, fallback?: string) => {
    const resolved = variables.get(name) ?? fallback?.trim() ?? 'initial';
    return depth < 8 ? substitute(resolved, variables, depth + 1) : resolved;
  });
}

/** The stylesheet for one theme: no custom property left, the rules of other contexts left out. */
export function resolveCssVariables(css: string, context: CssContext): string {
  const rules = rulesOf(css);
  const variables = variablesOf(rules, context);
  const out: string[] = [];
  for (const rule of rules) {
    const selectors = rule.selectors.flatMap((selector) => selectorHere(selector, context) ?? []);
    const kept = declarations(rule.body).filter(([name]) => !name.startsWith('--'));
    if (selectors.length === 0 || kept.length === 0) continue;
    const body = kept.map(([name, value]) => `  ${name}: ${substitute(value, variables)};`).join('\n');
    out.push(`${[...new Set(selectors)].join(',\n')} {\n${body}\n}`);
  }
  return `${out.join('\n')}\n`;
}
