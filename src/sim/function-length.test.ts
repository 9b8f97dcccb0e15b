// TigerBeetle's hard limit (docs/TIGER_STYLE.md): no function longer than 70 lines, so that each
// one reads on one screen. Checked over the simulator's sources (tests excepted) with the compiler.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, test } from 'vitest';

const MAX_LINES = 70;
const simDir = fileURLToPath(new URL('./', import.meta.url));

function sources(): string[] {
  return readdirSync(simDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .sort();
}

/** Every function, method, constructor and arrow longer than the limit, as `file:line name (n lines)`. */
function longFunctions(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(`${simDir}${file}`, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      const name = node.name?.getText(source) ?? '(anonymous)';
      if (lines > MAX_LINES) found.push(`${file}:${first + 1} ${name} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test(`no function in src/sim is longer than ${MAX_LINES} lines`, () => {
  const files = sources();
  expect(files.length).toBeGreaterThan(10);
  expect(files.flatMap(longFunctions)).toEqual([]);
});
