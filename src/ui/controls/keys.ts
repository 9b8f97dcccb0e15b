// Keyboard shortcuts as data: a key press in, a store action out. The hook only listens.
import type { Action } from '../../store';

export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** The shortcuts, in the order the help lists them. */
export const shortcuts = [
  { keys: { en: '→', fr: '→' }, help: 'help.forward' },
  { keys: { en: '←', fr: '←' }, help: 'help.back' },
  { keys: { en: 'Shift + →', fr: 'Maj + →' }, help: 'help.nextSegment' },
  { keys: { en: 'Shift + ←', fr: 'Maj + ←' }, help: 'help.previousSegment' },
  { keys: { en: 'Space', fr: 'Espace' }, help: 'help.play' },
  { keys: { en: 'Home', fr: 'Début' }, help: 'help.first' },
  { keys: { en: 'End', fr: 'Fin' }, help: 'help.last' },
  { keys: { en: 'Page Down / Page Up', fr: 'Pg suiv / Pg préc' }, help: 'help.clicker' },
  { keys: { en: 'B or .', fr: 'B ou .' }, help: 'help.blank' },
] as const;

export function actionForKey(press: KeyPress): Action | undefined {
  if (press.ctrlKey || press.altKey || press.metaKey) return undefined;
  switch (press.key) {
    case 'ArrowRight':
      return { type: press.shiftKey ? 'nextSegment' : 'stepForward' };
    case 'ArrowLeft':
      return { type: press.shiftKey ? 'previousSegment' : 'stepBack' };
    // Presentation clickers send Page Down / Page Up for their two main buttons.
    case 'PageDown':
      return { type: 'stepForward' };
    case 'PageUp':
      return { type: 'stepBack' };
    case ' ':
    case 'Spacebar':
      return { type: 'togglePlay' };
    case 'Home':
      return { type: 'first' };
    case 'End':
      return { type: 'last' };
    default:
      return undefined;
  }
}

/** The keys a presentation clicker sends: they step wherever the focus is (but in a text field). */
export const clickerKeys: ReadonlySet<string> = new Set(['PageDown', 'PageUp', 'ArrowRight', 'ArrowLeft']);
/** Inputs that are not typed into: a clicker's keys step there rather than move the control. */
const nonTextInputs = new Set(['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'file', 'image']);

/**
 * Whether the page should handle a key pressed on this element. Page Down / Page Up / → / ← always
 * step, even on the scrubber (whose own Page Down would jump back 8 steps), a menu or a button,
 * but never while typing in a text field. Other keys: never in a field, slider or menu (they have
 * their own), and on buttons not Space or Enter (they click them).
 */
export function pageHandlesKey(tagName: string, key: string, editable = false, inputType = 'text'): boolean {
  const tag = tagName.toUpperCase();
  const typing = editable || tag === 'TEXTAREA' || (tag === 'INPUT' && !nonTextInputs.has(inputType.toLowerCase()));
  if (typing) return false;
  if (clickerKeys.has(key)) return true;
  if (tag === 'INPUT' || tag === 'SELECT') return false;
  if (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') return key !== ' ' && key !== 'Enter';
  return true;
}

/** The key clickers send to blank the screen (their "black screen" button), and its usual partner. */
export function isBlankKey(press: KeyPress): boolean {
  return !press.ctrlKey && !press.altKey && !press.metaKey && (press.key === '.' || press.key.toLowerCase() === 'b');
}
