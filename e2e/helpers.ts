import { expect, type Page } from '@playwright/test';

/** Opens the app with the given parameters (animations off) and waits for the simulation. */
export async function openScenario(page: Page, params: Record<string, string | number>): Promise<void> {
  const search = new URLSearchParams({ lang: 'en', animate: '0' });
  for (const [key, value] of Object.entries(params)) search.set(key, String(value));
  await page.goto(`/?${search.toString()}`);
  await expect(page.getByTestId('step-counter').or(page.getByTestId('trace-error'))).toBeVisible();
  await expect(page.getByTestId('trace-error')).toHaveCount(0, { timeout: 0 });
}

export interface Snapshot {
  step: string;
  states: Record<string, string>;
  /** data-flags (TCP) or the element's test id, by event index, of every packet drawn. */
  packets: Record<string, string>;
  explanation: string;
}

/**
 * Clicks "step forward" until the end, in the page (one round trip), waiting a frame after each
 * click, and returns what was on screen after every step.
 */
export async function stepThrough(page: Page, hosts: readonly string[]): Promise<Snapshot[]> {
  return page.evaluate(async (names) => {
    const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const read = (): Snapshot => {
      const states: Record<string, string> = {};
      for (const name of names) {
        states[name] = document.querySelector(`[data-testid="state-${name}"]`)?.textContent ?? '';
      }
      const packets: Record<string, string> = {};
      for (const element of document.querySelectorAll<SVGElement>(
        '[data-testid="segment"], [data-testid="datagram"], [data-testid="icmp"]',
      )) {
        packets[element.dataset.eventIndex ?? ''] = element.dataset.flags ?? element.dataset.testid ?? '';
      }
      return {
        step: document.querySelector('[data-testid="step-counter"]')?.textContent ?? '',
        states,
        packets,
        explanation: document.querySelector('[data-testid="explanation"]')?.textContent ?? '',
      };
    };
    const button = document.querySelector<HTMLButtonElement>('[data-testid="step-forward"]');
    const out: Snapshot[] = [read()];
    for (let guard = 0; button !== null && !button.disabled && guard < 5000; guard++) {
      button.click();
      await frame();
      out.push(read());
    }
    return out;
  }, hosts);
}

/** The distinct values in order (consecutive repeats collapsed). */
export function transitions(values: readonly string[]): string[] {
  return values.filter((value, i) => value !== '' && value !== values[i - 1]);
}

/** Whether `expected` appears in `actual` in this order (other values may come between). */
export function inOrder(actual: readonly string[], expected: readonly string[]): boolean {
  let at = 0;
  for (const value of actual) if (value === expected[at]) at++;
  return at === expected.length;
}
