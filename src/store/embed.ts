// The embed page's message API (issue 13, `?embed=1`): what the lesson in an iframe tells its
// parent page and the commands it takes from it. Pure, so every malformed message has a test; the
// page's side (src/ui/embed/useEmbedMessages.ts) only checks who sent it and dispatches.
//
// Out:  { wirestep: 'step', step, total }   after every change of step (and once the lesson is on screen)
// In:   { wirestep: 'goto', step }          a step number as `step=` in the link counts them (0 to total)
//       { wirestep: 'play' } / { wirestep: 'pause' }

/** The one key every message carries, so a page's other messages (Reveal.js, a Moodle plugin) are told apart. */
export const embedMessageKey = 'wirestep';

/** The largest step a message may ask for before the lesson is on screen: the link's `step=` limit (9 digits). */
export const maxEmbedStep = 999_999_999;

export interface EmbedStepMessage {
  wirestep: 'step';
  /** The cursor: steps shown, as `step=` in the link counts them. */
  step: number;
  /** The lesson's number of steps (the cursor's last value). */
  total: number;
}

/** A command from the parent page, as the store's own playback actions. */
export type EmbedCommand = { type: 'goTo'; cursor: number } | { type: 'play' } | { type: 'pause' };

export function embedStepMessage(step: number, total: number): EmbedStepMessage {
  return { wirestep: 'step', step, total };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A field of the message itself, never one inherited (a structured clone has none; a same-window object may). */
const own = (data: Record<string, unknown>, key: string): unknown =>
  Object.prototype.hasOwnProperty.call(data, key) ? data[key] : undefined;

/**
 * The command a message carries, or null for anything else (another library's message, a wrong
 * type, a step that is not a finite number). A step is rounded and clamped to 0..total (to
 * 0..maxEmbedStep while the lesson is not on screen yet, `total` null), never refused for its size.
 */
export function parseEmbedCommand(data: unknown, total: number | null): EmbedCommand | null {
  if (!isRecord(data)) return null;
  switch (own(data, embedMessageKey)) {
    case 'play':
      return { type: 'play' };
    case 'pause':
      return { type: 'pause' };
    case 'goto': {
      const step = own(data, 'step');
      if (typeof step !== 'number' || !Number.isFinite(step)) return null;
      const high = total === null ? maxEmbedStep : Math.max(0, total);
      return { type: 'goTo', cursor: Math.min(Math.max(Math.round(step), 0), high) };
    }
    default:
      return null;
  }
}
