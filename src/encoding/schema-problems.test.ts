// Every schema problem reaches a French page in French: zod's own issues through its French
// locale, the messages our schemas word themselves through the table (found here in the sources,
// so a new custom message without a translation fails this test).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { customFrench, schemaProblem } from './schema-problems';
import { validateScenario } from '../scenario/validate';
import { validateTrace } from '../trace/validate';

const schemaSources = [
  ...readdirSync('src/scenario')
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join('src/scenario', f)),
  'src/trace/validate.ts',
];

/** The literal messages given to `.regex(…, 'message')` and `.refine(…, { message: '…' })`. */
function customMessages(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/\.regex\(\/(?:\\\/|[^/])+\/[a-z]*,\s*'((?:\\'|[^'])+)'\)/g)) found.push(m[1] ?? '');
  for (const m of source.matchAll(/\.refine\([^]*?\{\s*message:\s*'((?:\\'|[^'])+)'/g)) found.push(m[1] ?? '');
  return found.map((text) => text.replace(/\\'/g, "'"));
}

describe('schema problems in French', () => {
  it('every custom message of the schemas has its French wording', () => {
    const messages = schemaSources.flatMap((file) => customMessages(readFileSync(file, 'utf8')));
    expect(messages.length).toBeGreaterThanOrEqual(7);
    const untranslated = messages.filter((message) => customFrench(message) === undefined);
    expect(untranslated).toEqual([]);
  });

  it("words zod's own issues in French, with the same path", () => {
    const schema = z.strictObject({ n: z.number().int().min(1), k: z.enum(['x', 'y']) });
    const result = schema.safeParse({ n: 0, k: 'z', extra: 1 });
    const problems = (result.error?.issues ?? []).map((issue) => schemaProblem(issue, ['lesson']));
    expect(problems.map((p) => p.path)).toEqual(['$.lesson.n', '$.lesson.k', '$.lesson']);
    expect(problems.map((p) => p.fr)).toEqual([
      'Trop petit : nombre doit être >=1',
      'Option invalide : une valeur parmi "x"|"y" attendue',
      'Clé non reconnue : "extra"',
    ]);
  });

  it('a broken lesson has every problem in both languages, cross-checks included', () => {
    const result = validateScenario({
      format: 'wirestep-scenario',
      version: 1,
      id: 'Bad Id',
      title: { en: 't', fr: 't' },
      summary: { en: 's', fr: 's' },
      concepts: ['x'],
      hosts: [
        { name: 'a', addr: '10.0.0.1' },
        { name: 'a', addr: '10.0.0.1' },
      ],
      programs: [{ host: 'b', steps: [{ op: 'send', socket: 'nope', data: 'x' }] }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.length).toBeGreaterThan(0);
    for (const problem of result.problems) {
      expect(problem.fr, problem.message).toBeDefined();
      expect(problem.fr).not.toBe(problem.message);
    }
  });

  it('a broken Trace file has every problem in both languages, its own checks included', () => {
    const result = validateTrace({
      format: 'wirestep-trace',
      version: 2,
      source: 'sim',
      scenarioId: 'x',
      seed: 1,
      meta: {},
      hosts: [
        { name: 'a', addr: '10.0.0.1' },
        { name: 'a', addr: '10.0.0.2' },
      ],
      events: [{ t: 5, kind: 'deliver', id: 9, host: 'a' }, { t: 1, kind: 'nonsense' }, 7],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.length).toBeGreaterThanOrEqual(3);
    for (const problem of result.problems) {
      expect(problem.fr, problem.message).toBeDefined();
      expect(problem.fr).not.toBe(problem.message);
    }
  });
});
