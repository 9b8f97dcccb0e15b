// The notes a scenario's program writes into the trace as it runs, in English and French, and the
// one limit of its framed reads: a single source for both interpreters of programs, the simulator
// (src/sim/program.ts and simulator.ts) and the real-socket runner (bridge/runner/runner.py, which
// gets them in its config from bridge/runner/python.ts). Pure data, no imports.

/** recvframe: a longer length prefix means the reader is out of step with the stream. */
export const maxFrameBytes = 16_777_216;

/** Templates: `{name}` is replaced by the value of `name` (programNote, runner.py `fill`). */
export const programNotes = {
  alreadyRead: {
    en: 'the whole message was already read by an earlier recv(): no new recv() is needed',
    fr: 'le message entier a déjà été lu par un recv() précédent : aucun nouveau recv() n’est nécessaire',
  },
  frameTooLong: {
    en: 'frame length {length} is absurd: the stream is out of step',
    fr: 'longueur de trame {length} absurde : le flux est désynchronisé',
  },
  threadStops: {
    en: '{call}() failed with {errno}: the thread stops',
    fr: "{call}() a échoué avec {errno} : le fil d'exécution s'arrête",
  },
  programStopped: {
    en: 'nothing else can happen: the program is stopped (like Ctrl-C)',
    fr: 'plus rien ne peut arriver : le programme est arrêté (comme avec Ctrl-C)',
  },
  processExits: {
    en: 'the process exits: the kernel closes descriptors {descriptors}',
    fr: 'le processus se termine : le noyau ferme les descripteurs {descriptors}',
  },
} as const;

export type ProgramNoteName = keyof typeof programNotes;

/** A note in both languages, as a trace event carries it. */
export interface NoteText {
  readonly en: string;
  readonly fr: string;
}

export type NoteValues = Readonly<Record<string, string | number>>;

/** A template with its `{name}`s filled in; a name without a value stays as it is. */
export function fillNote(template: NoteText, values: NoteValues = {}): { en: string; fr: string } {
  const fill = (text: string): string =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  return { en: fill(template.en), fr: fill(template.fr) };
}

export function programNote(name: ProgramNoteName, values: NoteValues = {}): { en: string; fr: string } {
  return fillNote(programNotes[name], values);
}
