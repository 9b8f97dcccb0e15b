// The layering of ARCHITECTURE.md, checked: which folder may import which, no import cycle
// between sibling folders at any depth, and no function over 100 lines outside tests.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What each top-level folder may import (besides itself); ARCHITECTURE.md "Layers" draws it. */
const allowed: Record<string, readonly string[]> = {
  'src/tcp': [],
  'src/encoding': [],
  'src/i18n': [],
  'src/scenario': ['src/tcp', 'src/encoding'],
  'src/trace': ['src/tcp', 'src/encoding'],
  'src/sim': ['src/tcp', 'src/encoding', 'src/scenario', 'src/trace'],
  'src/conformance': ['src/tcp', 'src/encoding', 'src/trace', 'src/sim'],
  'src/diagram': ['src/tcp', 'src/encoding', 'src/trace', 'src/i18n'],
  'src/bridge-protocol': ['src/tcp', 'src/encoding', 'src/scenario', 'src/trace'],
  'src/quiz': ['src/tcp', 'src/encoding', 'src/trace'],
  'src/store': [
    'src/tcp',
    'src/encoding',
    'src/scenario',
    'src/trace',
    'src/sim',
    'src/diagram',
    'src/bridge-protocol',
    'src/quiz',
    'src/i18n',
  ],
  'src/ui': [
    'src/tcp',
    'src/encoding',
    'src/scenario',
    'src/trace',
    'src/sim',
    'src/conformance',
    'src/diagram',
    'src/bridge-protocol',
    'src/quiz',
    'src/i18n',
    'src/store',
  ],
  'src/main': ['src/ui', 'src/store'],
  bridge: [
    'src/tcp',
    'src/encoding',
    'src/scenario',
    'src/trace',
    'src/sim',
    'src/conformance',
    'src/diagram',
    'src/bridge-protocol',
  ],
};

const maxFunctionLines = 100;
/** Stricter limits where the code follows TigerBeetle's 70 lines (docs/TIGER_STYLE.md). */
const maxFunctionLinesIn: Record<string, number> = { 'src/sim': 70 };
const limitFor = (file: string): number => maxFunctionLinesIn[topFolder(file)] ?? maxFunctionLines;

const isTest = (file: string) => /\.test\.tsx?$/.test(file) || /(^|\/)test-[^/]*$/.test(file);

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') continue;
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(relative(root, path).split(sep).join('/'));
  }
  return out;
}

/** src/ui/diagram/layout.ts -> src/ui; bridge/cli/main.ts -> bridge; src/main.tsx -> src/main. */
function topFolder(file: string): string {
  const parts = file.split('/');
  return parts[0] === 'src' ? `src/${(parts[1] ?? '').replace(/\.tsx?$/, '')}` : (parts[0] ?? '');
}

interface Import {
  from: string;
  to: string;
}

function relativeImports(files: readonly string[]): Import[] {
  const out: Import[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
      if (!imported.fileName.startsWith('.')) continue;
      const target = relative(root, resolve(root, dirname(file), imported.fileName))
        .split(sep)
        .join('/');
      out.push({ from: file, to: target });
    }
  }
  return out;
}

/** For two paths, the sibling folders (under their deepest common parent) they sit in, if any. */
function siblingFolders(a: string, b: string): [string, string] | undefined {
  const pa = a.split('/');
  const pb = b.split('/');
  let i = 0;
  while (i < pa.length - 1 && i < pb.length - 1 && pa[i] === pb[i]) i++;
  // Both must be inside a folder below the common parent (a file directly in it is not a folder).
  if (i >= pa.length - 1 || i >= pb.length - 1) return undefined;
  const fa = pa.slice(0, i + 1).join('/');
  const fb = pb.slice(0, i + 1).join('/');
  return fa === fb ? undefined : [fa, fb];
}

/** Cycles in a directed graph, each as the list of its nodes (Tarjan's strongly connected components). */
function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const to of edges.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

interface LongFunction {
  where: string;
  lines: number;
}

function longFunctions(files: readonly string[]): LongFunction[] {
  const out: LongFunction[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
        const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        const lines = last - first + 1;
        if (lines > limitFor(file)) out.push({ where: `${file}:${first + 1}`, lines });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

const all = [...sources(join(root, 'src')), ...sources(join(root, 'bridge'))];
const production = all.filter((file) => !isTest(file));
const imports = relativeImports(production);

describe('architecture', () => {
  it('finds the code it checks', () => {
    expect(production.length).toBeGreaterThan(100);
    expect(imports.length).toBeGreaterThan(300);
  });

  it('the cycle finder finds a cycle, and only a cycle', () => {
    const graph = (pairs: [string, string][]) => {
      const edges = new Map<string, Set<string>>();
      for (const [a, b] of pairs) edges.set(a, (edges.get(a) ?? new Set()).add(b));
      return edges;
    };
    expect(
      cycles(
        graph([
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
          ['c', 'd'],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
    expect(
      cycles(
        graph([
          ['a', 'b'],
          ['b', 'c'],
          ['a', 'c'],
        ]),
      ),
    ).toEqual([]);
    expect(siblingFolders('src/ui/diagram/a.ts', 'src/ui/format/b.ts')).toEqual(['src/ui/diagram', 'src/ui/format']);
    expect(siblingFolders('src/ui/a.ts', 'src/ui/format/b.ts')).toBeUndefined();
  });

  it('every folder imports only the layers below it', () => {
    const wrong = imports
      .filter(({ from, to }) => {
        const a = topFolder(from);
        const b = topFolder(to);
        return a !== b && !(allowed[a] ?? []).includes(b);
      })
      .map(({ from, to }) => `${from} imports ${to}`);
    expect(wrong).toEqual([]);
  });

  it('has no import cycle between sibling folders, at any depth', () => {
    const edges = new Map<string, Set<string>>();
    for (const { from, to } of imports) {
      const pair = siblingFolders(from, to);
      if (pair === undefined) continue;
      const [a, b] = pair;
      if (!edges.has(a)) edges.set(a, new Set());
      edges.get(a)!.add(b);
    }
    expect(cycles(edges)).toEqual([]);
  });

  it(`has no function over ${maxFunctionLines} lines outside tests (70 in src/sim)`, () => {
    expect(longFunctions(production)).toEqual([]);
  });
});
