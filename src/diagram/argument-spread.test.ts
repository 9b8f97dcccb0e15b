// No array spread into a call's arguments in the diagram and the UI (issue 15, finding 6): each
// spread argument takes a slot of the stack, so `Math.max(...ticks)` or `push(...arrows)` with
// some 150,000 elements throws "Maximum call stack size exceeded", and a large capture or a
// Trace file giving one packet 200,000 deliveries replaced the page with its error screen.
// Checked on the TypeScript syntax tree: a spread inside a call or `new` (an array literal's
// spread iterates and is safe), outside tests.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    const code = /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.startsWith('test-');
    return code ? [path] : [];
  });
}

/** "file:line" of every spread argument of a call or `new` in the file. */
export function argumentSpreads(path: string, text = readFileSync(path, 'utf8')): string[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isSpreadElement(node) && (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent))) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${relative(root, path)}:${line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('no spread arguments in src/diagram and src/ui', () => {
  it('the check finds a spread argument and leaves array literals alone', () => {
    const text = 'const a = [1]; Math.max(...a); new Set([...a]); const b = [...a, 2]; b.push(...a);';
    expect(argumentSpreads(join(root, 'x.ts'), text)).toEqual(['x.ts:1', 'x.ts:1']);
  });

  it('finds none', () => {
    const files = [...sources(join(root, 'src/diagram')), ...sources(join(root, 'src/ui'))];
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((path) => argumentSpreads(path))).toEqual([]);
  });
});
