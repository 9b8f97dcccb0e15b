import { describe, expect, it } from 'vitest';
import { actionForKey, isBlankKey, pageHandlesKey } from './keys';

const press = (key: string, modifiers: { shiftKey?: boolean; ctrlKey?: boolean } = {}) => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...modifiers,
});

describe('actionForKey', () => {
  it('maps the documented shortcuts', () => {
    expect(actionForKey(press('ArrowRight'))).toEqual({ type: 'stepForward' });
    expect(actionForKey(press('ArrowLeft'))).toEqual({ type: 'stepBack' });
    expect(actionForKey(press('ArrowRight', { shiftKey: true }))).toEqual({ type: 'nextSegment' });
    expect(actionForKey(press('ArrowLeft', { shiftKey: true }))).toEqual({ type: 'previousSegment' });
    expect(actionForKey(press(' '))).toEqual({ type: 'togglePlay' });
    expect(actionForKey(press('Home'))).toEqual({ type: 'first' });
    expect(actionForKey(press('End'))).toEqual({ type: 'last' });
  });

  it('steps with a presentation clicker (Page Down / Page Up)', () => {
    expect(actionForKey(press('PageDown'))).toEqual({ type: 'stepForward' });
    expect(actionForKey(press('PageUp'))).toEqual({ type: 'stepBack' });
  });

  it('recognises the blank-screen keys', () => {
    expect(isBlankKey(press('b'))).toBe(true);
    expect(isBlankKey(press('B', { shiftKey: true }))).toBe(true);
    expect(isBlankKey(press('.'))).toBe(true);
    expect(isBlankKey(press('b', { ctrlKey: true }))).toBe(false);
    expect(isBlankKey(press('n'))).toBe(false);
  });

  it('leaves other keys and browser shortcuts alone', () => {
    expect(actionForKey(press('a'))).toBeUndefined();
    expect(actionForKey(press('ArrowRight', { ctrlKey: true }))).toBeUndefined();
  });
});

describe('pageHandlesKey', () => {
  it('never steals keys from text fields', () => {
    for (const key of ['ArrowRight', 'ArrowLeft', 'PageDown', 'PageUp', ' ', 'Home'])
      expect(pageHandlesKey('input', key), key).toBe(false);
    expect(pageHandlesKey('INPUT', 'PageDown', false, 'search')).toBe(false);
    expect(pageHandlesKey('TEXTAREA', 'ArrowLeft')).toBe(false);
    expect(pageHandlesKey('div', 'ArrowRight', true)).toBe(false);
  });

  it('steps with a clicker’s keys whatever has focus: the scrubber, a menu, a button', () => {
    for (const key of ['PageDown', 'PageUp', 'ArrowRight', 'ArrowLeft']) {
      expect(pageHandlesKey('INPUT', key, false, 'range'), key).toBe(true);
      expect(pageHandlesKey('SELECT', key), key).toBe(true);
      expect(pageHandlesKey('BUTTON', key), key).toBe(true);
      expect(pageHandlesKey('INPUT', key, false, 'checkbox'), key).toBe(true);
    }
  });

  it('leaves a slider’s and a menu’s other keys to them, and lets Space click a focused button', () => {
    expect(pageHandlesKey('INPUT', 'Home', false, 'range')).toBe(false);
    expect(pageHandlesKey('SELECT', ' ')).toBe(false);
    expect(pageHandlesKey('BUTTON', ' ')).toBe(false);
    expect(pageHandlesKey('BODY', ' ')).toBe(true);
  });
});
