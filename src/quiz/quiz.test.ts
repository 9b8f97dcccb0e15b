// The quiz over every built-in lesson: each generated answer is what the Trace holds (read here
// from the events themselves), the choices are distinct and three or four, the question stops
// the step before its event, and the same seed gives the same questions in the same order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinScenarios, findScenario } from '../scenario/library';
import { validateScenario } from '../scenario/validate';
import { simulate } from '../sim';
import { flagBits, flagNames } from '../tcp';
import { callPartners, cursorForEvent, relativeNumbers } from '../trace/query';
import type { Trace } from '../trace/types';
import { questionAtStep, quizQuestions, resolveAt, type QuizOptions, type QuizQuestion } from '.';

const traces = new Map<string, Trace>();
function lesson(id: string): Trace {
  let trace = traces.get(id);
  if (trace === undefined) traces.set(id, (trace = simulate(findScenario(id)!, { seed: findScenario(id)!.seed ?? 1 })));
  return trace;
}

const optionsFor = (id: string, seed = findScenario(id)!.seed ?? 1): QuizOptions => {
  const scenario = findScenario(id)!;
  return { seed, nagle: scenario.concepts.includes('nagle'), written: scenario.questions };
};

/** What the Trace says about a question's event, in the choices' canonical form. */
function truth(trace: Trace, question: QuizQuestion): string {
  const event = trace.events[question.eventIndex]!;
  switch (question.kind) {
    case 'segment': {
      if (event.kind !== 'segment') throw new Error(`segment question on a ${event.kind}`);
      const numbers = relativeNumbers(trace).get(event.id)!;
      const flags = flagNames(flagBits(event.flags)).join(',');
      return `${flags} ${numbers.seq} ${event.flags.includes('ACK') ? numbers.ack : '-'}`;
    }
    case 'state':
      if (event.kind !== 'state') throw new Error(`state question on a ${event.kind}`);
      return event.to;
    case 'recv': {
      if (event.kind !== 'return' || (event.call !== 'recv' && event.call !== 'recvfrom'))
        throw new Error(`recv question on a ${event.kind}`);
      if (event.errno !== undefined) return `error:${event.errno}`;
      const bytes = (event.result as { bytes: number }).bytes;
      return bytes === 0 && event.call === 'recv' ? 'eof' : `bytes:${bytes}`;
    }
    case 'nagle': {
      // The question stops right after the send call: did a data segment leave before it returned?
      let call = question.eventIndex - 1;
      while (trace.events[call]?.kind === 'tcb') call--;
      const sent = trace.events[call]!;
      if (sent.kind !== 'call' || (sent.call !== 'send' && sent.call !== 'sendall')) throw new Error('no send');
      const returned = callPartners(trace)[call]!;
      const left = trace.events
        .slice(call + 1, returned)
        .some((e) => e.kind === 'segment' && e.from === sent.host && e.socket === sent.socket && e.len > 0);
      return left ? 'now' : 'held';
    }
    case 'written':
      return question.choices[question.answer]!.value;
  }
}

describe('quiz questions of every built-in lesson', () => {
  describe.each(builtinScenarios.map((scenario) => scenario.id))('%s', (id) => {
    const trace = lesson(id);
    const questions = quizQuestions(trace, optionsFor(id));

    it('asks something, in the order the events come', () => {
      expect(questions.length).toBeGreaterThan(0);
      const indices = questions.map((question) => question.eventIndex);
      expect(indices).toEqual([...indices].sort((a, b) => a - b));
      expect(new Set(questions.map((question) => question.key)).size).toBe(questions.length);
    });

    it('has as its right answer what the Trace holds', () => {
      for (const question of questions) expect(question.choices[question.answer]?.value).toBe(truth(trace, question));
    });

    it('offers three or four distinct choices, each in both languages', () => {
      for (const question of questions) {
        if (question.kind !== 'written') expect([3, 4]).toContain(question.choices.length);
        expect(new Set(question.choices.map((choice) => choice.value)).size).toBe(question.choices.length);
        expect(new Set(question.choices.map((choice) => choice.text.en)).size).toBe(question.choices.length);
        for (const text of [question.prompt, question.explanation, ...question.choices.map((c) => c.text)]) {
          expect(text.en).not.toMatch(/\{[a-z]+\}/i);
          expect(text.fr).not.toMatch(/\{[a-z]+\}/i);
          expect(text.fr.length).toBeGreaterThan(0);
        }
        if (question.kind !== 'written') expect(question.rfc.length).toBeGreaterThan(0);
        for (const clause of question.rfc) expect(clause).toMatch(/^(RFC \d+( \d+(\.\d+)*)?|POSIX .+)$/);
      }
    });

    it('stops the step before its event', () => {
      for (const question of questions) {
        const before = cursorForEvent(trace, question.eventIndex) - 1;
        expect(questionAtStep(questions, trace, before)?.key).toBe(question.key);
      }
    });
  });

  it('asks about each kind of moment somewhere in the library', () => {
    const kinds = new Set(
      builtinScenarios.flatMap((s) => quizQuestions(lesson(s.id), optionsFor(s.id)).map((q) => q.kind)),
    );
    expect([...kinds].sort()).toEqual(['nagle', 'recv', 'segment', 'state', 'written']);
  });

  it('offers the classic slips: ack = seq instead of seq + len, an ACK without +1 for a FIN', () => {
    const questions = quizQuestions(lesson('tcp-echo'), optionsFor('tcp-echo'));
    const values = (key: string) => questions.find((q) => q.key === key)!.choices.map((c) => c.value);
    expect(values('segment:ack-of-data')).toEqual(expect.arrayContaining(['ACK 1 15', 'ACK 1 1']));
    expect(values('segment:ack-of-fin')).toEqual(expect.arrayContaining(['ACK 16 16', 'ACK 16 15']));
    expect(values('segment:syn-ack')).toEqual(expect.arrayContaining(['SYN,ACK 0 1', 'SYN,ACK 0 0']));
    expect(values('state:ESTABLISHED>FIN-WAIT-1')).toEqual(expect.arrayContaining(['FIN-WAIT-1', 'CLOSE-WAIT']));
    expect(values('recv:eof')).toContain('eof');
  });

  it('holds Nagle: the write-write-read second send waits for the ACK, with TCP_NODELAY it leaves', () => {
    const held = quizQuestions(lesson('nagle'), optionsFor('nagle')).find((q) => q.kind === 'nagle')!;
    expect(held.choices[held.answer]?.value).toBe('held');
    expect(held.rfc).toEqual(['RFC 896', 'RFC 9293 3.7.4']);
    const sent = quizQuestions(lesson('nagle-nodelay'), optionsFor('nagle-nodelay')).find((q) => q.kind === 'nagle')!;
    expect(sent.choices[sent.answer]?.value).toBe('now');
    expect(sent.explanation.en).toContain('TCP_NODELAY');
    // Not a lesson about Nagle: no such question.
    expect(quizQuestions(lesson('tcp-echo'), optionsFor('tcp-echo')).some((q) => q.kind === 'nagle')).toBe(false);
  });
});

describe('determinism', () => {
  it('gives the same questions for the same seed, computed afresh', () => {
    for (const id of ['tcp-echo', 'nagle', 'tcp-refused']) {
      const options = optionsFor(id, 7);
      const again = simulate(findScenario(id)!, { seed: findScenario(id)!.seed ?? 1 });
      expect(quizQuestions(again, { ...options })).toEqual(quizQuestions(lesson(id), options));
    }
  });

  it('shuffles by seed: another seed reorders choices, never what they are or which is right', () => {
    const trace = lesson('tcp-echo');
    const base = quizQuestions(trace, optionsFor('tcp-echo', 1));
    let reordered = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const other = quizQuestions(trace, optionsFor('tcp-echo', seed));
        expect(other.map((q) => q.key)).toEqual(base.map((q) => q.key));
        other.forEach((question, i) => {
          const was = base[i]!;
          expect(question.choices.map((c) => c.value).sort()).toEqual(was.choices.map((c) => c.value).sort());
          expect(question.choices[question.answer]?.value).toBe(was.choices[was.answer]?.value);
          if (question.choices.some((c, j) => c.value !== was.choices[j]?.value)) reordered++;
        });
      }),
      { numRuns: 40, seed: 13 },
    );
    expect(reordered).toBeGreaterThan(0);
  });

  it('does not always put the right answer at the same place', () => {
    const places = new Set(
      builtinScenarios.flatMap((s) =>
        quizQuestions(lesson(s.id), optionsFor(s.id)).flatMap((q) => (q.kind === 'written' ? [] : [q.answer])),
      ),
    );
    expect(places.size).toBeGreaterThanOrEqual(3);
  });
});

describe('written questions', () => {
  const trace = lesson('tcp-echo');

  it('places tcp-echo’s own questions before the calls they name', () => {
    const written = quizQuestions(trace, optionsFor('tcp-echo')).filter((q) => q.kind === 'written');
    expect(written.map((q) => q.key)).toEqual(['written:0', 'written:1']);
    expect(written.map((q) => trace.events[q.eventIndex])).toMatchObject([
      { kind: 'call', host: 'client', call: 'sendall', step: '1.2' },
      { kind: 'call', host: 'server', call: 'close', step: '0.6' },
    ]);
    expect(written[0]?.prompt.fr).toContain('Hello, server!');
    expect(written.map((q) => q.rfc)).toEqual([['RFC 9293 3.7.1'], ['RFC 9293 3.6']]);
  });

  it('resolves a step, its return, or an event index; anything else is not asked', () => {
    expect(trace.events[resolveAt(trace, '1.4:return')!]).toMatchObject({ kind: 'return', call: 'recv', step: '1.4' });
    expect(resolveAt(trace, 13)).toBe(13);
    expect(resolveAt(trace, '9.9')).toBeUndefined();
    expect(resolveAt(trace, trace.events.length)).toBeUndefined();
    const tcb = trace.events.findIndex((event) => event.kind === 'tcb');
    expect(resolveAt(trace, tcb)).toBeUndefined();
  });

  it('is validated with a JSON path for each problem', () => {
    const scenario = structuredClone(findScenario('tcp-echo')!);
    expect(validateScenario(scenario).ok).toBe(true);
    const bad = {
      ...scenario,
      questions: [
        { ...scenario.questions![0]!, answer: 3 },
        { ...scenario.questions![1]!, at: '5.1' },
        { ...scenario.questions![1]!, at: 'server.1' },
        { ...scenario.questions![1]!, choices: [{ en: 'only one', fr: 'un seul' }] },
      ],
    };
    const result = validateScenario(bad);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.problems.map((problem) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(['$.questions[2].at', '$.questions[3].choices']));
    const { questions: _dropped, ...without } = scenario;
    expect(validateScenario(without).ok).toBe(true);
    const crossChecked = validateScenario({ ...scenario, questions: bad.questions.slice(0, 2) });
    expect(crossChecked.ok ? [] : crossChecked.problems.map((problem) => problem.path)).toEqual([
      '$.questions[0].answer',
      '$.questions[1].at',
    ]);
  });
});
