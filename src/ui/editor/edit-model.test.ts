import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenario/library';
import { validateScenario } from '../../scenario/validate';
import {
  getIn,
  historyLimit,
  insertStep,
  moveStep,
  newLessonFrom,
  numberFromInput,
  placeProblems,
  programOf,
  record,
  redo,
  removeStep,
  setIn,
  socketBefore,
  startHistory,
  stepOps,
  stepLabel,
  stepRows,
  stepSummary,
  stepTemplate,
  undo,
  within,
} from './edit-model';

const echo = () => structuredClone(findScenario('tcp-echo')) as unknown;
const client = 1;

describe('history', () => {
  it('undoes and redoes edits in order, and a new edit drops what could be redone', () => {
    let h = startHistory('a');
    h = record(h, 'b');
    h = record(h, 'c');
    h = undo(h);
    expect(h.present).toBe('b');
    h = undo(h);
    expect(h.present).toBe('a');
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe('b');
    h = record(h, 'd');
    expect(h.future).toEqual([]);
    expect(redo(h)).toBe(h);
    expect(undo(h).present).toBe('b');
  });

  it('makes keystrokes in one field one edit, and another field a new one', () => {
    let h = startHistory('');
    h = record(h, 'h', 'port');
    h = record(h, 'he', 'port');
    h = record(h, 'hel', 'port');
    h = record(h, 'x', 'data');
    expect(h.past).toEqual(['', 'hel']);
    expect(undo(undo(h)).present).toBe('');
  });

  it(`keeps at most ${historyLimit} edits`, () => {
    let h = startHistory(0);
    for (let i = 1; i <= historyLimit + 30; i++) h = record(h, i);
    expect(h.past).toHaveLength(historyLimit);
    while (h.past.length > 0) h = undo(h);
    expect(h.present).toBe(30);
  });
});

describe('steps', () => {
  it('lists a program’s steps with their paths, nested ones after their parent', () => {
    const rows = stepRows(echo(), client);
    expect(rows.map((row) => stepSummary(row.step))).toEqual([
      'sock = socket(tcp)',
      'connect(sock, server:8080)',
      'sendall(sock, "Hello, server!")',
      'reply = recv(sock, 1024)',
      'recv(sock, 1024)',
      'close(sock)',
    ]);
    expect(rows[2]?.path).toBe('$.programs[1].steps[2]');
    const nested = setIn(echo(), ['programs', 0, 'steps', 3, 'spawn'], [{ op: 'close', socket: 'conn' }]);
    const server = stepRows(nested, 0);
    expect(server[4]).toMatchObject({ path: '$.programs[0].steps[3].spawn[0]', depth: 1, index: 0, count: 1 });
    expect(server[5]?.path).toBe('$.programs[0].steps[4]');
    expect(server.map((row) => stepLabel(row.loc)).slice(3, 6)).toEqual(['4', '4.1', '5']);
  });

  it('removes, moves and inserts a step without touching the original', () => {
    const draft = echo();
    const removed = removeStep(draft, ['programs', client, 'steps', 4]);
    expect(stepRows(removed, client)).toHaveLength(5);
    expect(stepRows(draft, client)).toHaveLength(6);
    const moved = moveStep(draft, ['programs', client, 'steps', 2], -1);
    expect(moved.loc).toEqual(['programs', client, 'steps', 1]);
    expect(stepSummary(getIn(moved.draft, moved.loc))).toBe('sendall(sock, "Hello, server!")');
    expect(moveStep(draft, ['programs', client, 'steps', 0], -1).draft).toBe(draft);
    expect(moveStep(draft, ['programs', client, 'steps', 5], 1).draft).toBe(draft);
    const inserted = insertStep(draft, ['programs', client, 'steps'], 1, stepTemplate('setsockopt', 'sock'));
    expect(stepSummary(getIn(inserted.draft, inserted.loc))).toBe('setsockopt(sock, TCP_NODELAY, true)');
    expect(validateScenario(inserted.draft).ok).toBe(true);
  });

  it('has a new step of every op that the scenario schema accepts, on the socket used last', () => {
    const rows = stepRows(echo(), client);
    const socket = socketBefore(rows, 3);
    expect(socket).toBe('sock');
    for (const op of stepOps) {
      const { draft } = insertStep(echo(), ['programs', client, 'steps'], 3, stepTemplate(op, socket));
      const result = validateScenario(draft);
      expect(result.ok ? [] : result.problems, op).toEqual([]);
    }
  });

  it('reads an empty number field as no value and text as text for validation to name', () => {
    expect(numberFromInput('')).toBeUndefined();
    expect(numberFromInput(' 70000 ')).toBe(70000);
    expect(numberFromInput('80a')).toBe('80a');
  });

  it('copies a lesson under my-<id>', () => {
    expect(getIn(newLessonFrom(echo()), ['id'])).toBe('my-tcp-echo');
    expect(getIn(newLessonFrom(newLessonFrom(echo())), ['id'])).toBe('my-tcp-echo');
  });
});

describe('problems', () => {
  it('lands each problem on the deepest row or field that holds its path', () => {
    const anchors = [
      '$.programs[1].steps[1]',
      '$.programs[1].steps[10]',
      '$.programs[0].steps[3]',
      '$.programs[0].steps[3].spawn[0]',
      '$.link',
    ];
    const placed = placeProblems(
      [
        { path: '$.programs[1].steps[1].port', message: 'too big' },
        { path: '$.programs[1].steps[10]', message: 'bad' },
        { path: '$.programs[0].steps[3].spawn[0].socket', message: 'unknown' },
        { path: '$.link.lossProbability', message: 'over 1' },
        { path: '$.id', message: 'bad id' },
      ],
      anchors,
    );
    expect(placed.byAnchor.get('$.programs[1].steps[1]')?.map((p) => p.message)).toEqual(['too big']);
    expect(placed.byAnchor.get('$.programs[1].steps[10]')?.map((p) => p.message)).toEqual(['bad']);
    expect(placed.byAnchor.get('$.programs[0].steps[3].spawn[0]')?.map((p) => p.message)).toEqual(['unknown']);
    expect(placed.byAnchor.has('$.programs[0].steps[3]')).toBe(false);
    expect(placed.byAnchor.get('$.link')).toHaveLength(1);
    expect(placed.rest.map((p) => p.path)).toEqual(['$.id']);
    expect(within('$.programs[1].steps[10]', '$.programs[1].steps[1]')).toBe(false);
    expect(programOf('$.programs[12].steps[0]')).toBe(12);
    expect(programOf('$.hosts[0]')).toBeUndefined();
  });

  it('places the schema’s own problem for a port out of range on its step', () => {
    const draft = setIn(echo(), ['programs', client, 'steps', 1, 'port'], 70000);
    const result = validateScenario(draft);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const rows = stepRows(draft, client);
    const placed = placeProblems(
      result.problems,
      rows.map((row) => row.path),
    );
    expect(placed.byAnchor.get('$.programs[1].steps[1]')?.[0]?.path).toBe('$.programs[1].steps[1].port');
  });
});
