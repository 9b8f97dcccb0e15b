// Wirestep's testing helper for Playwright users (README "Testing your own lessons with Playwright").
// Import it from your own tests: it drives the app through its public hooks (data-testid
// attributes) and reads the read-only `window.wirestep` view the page installs with `?testing=1`
// (src/ui/testing.ts). Versioned: HELPER_VERSION changes when a function's meaning changes, and
// openLesson refuses a page whose window.wirestep speaks another version.
import { expect, type Page } from '@playwright/test';
import { socketsAt, type SocketView } from '../src/trace/query';
import type { SegmentEvent, TcbEvent, Trace, TraceEvent } from '../src/trace/types';
// Brings the type of window.wirestep (the page's side of this contract).
import type {} from '../src/ui/testing';

export const HELPER_VERSION = 1;

export interface OpenLessonOptions {
  seed?: number;
  /** The step to open at (default 0: nothing sent yet). */
  step?: number;
  /** UI language (default 'en'). */
  lang?: 'en' | 'fr';
  /** Other URL parameters (loss, latency, profile, nagle, theme...; README "URL parameters"). */
  params?: Record<string, string | number>;
}

/** What the page shows at one step, as stepUntil's predicate sees it. */
export interface StepSnapshot {
  step: number;
  totalSteps: number;
  /** Each host's badge text (its TCP state, or UDP / no socket), by host name. */
  states: Record<string, string>;
  /** The explanation panel's text. */
  explanation: string;
  /** The events this step revealed (none at step 0). */
  events: TraceEvent[];
  /** The packet (segment, datagram or ICMP error) among them, when the step sent one. */
  packet: Extract<TraceEvent, { kind: 'segment' | 'datagram' | 'icmp' }> | undefined;
}

interface PageView {
  version: number;
  lesson: string | null;
  step: number;
  totalSteps: number;
  shownEvents: number;
}

/** Opens a built-in lesson with animations off and waits until its Trace is on screen. */
export async function openLesson(page: Page, id: string, options: OpenLessonOptions = {}): Promise<void> {
  const search = new URLSearchParams({ lang: options.lang ?? 'en', animate: '0', testing: '1', scenario: id });
  if (options.seed !== undefined) search.set('seed', String(options.seed));
  if (options.step !== undefined) search.set('step', String(options.step));
  for (const [key, value] of Object.entries(options.params ?? {})) search.set(key, String(value));
  // Relative to the configured baseURL, so an app served from a sub-path works too.
  await page.goto(`./?${search.toString()}`);
  await expect(page.getByTestId('step-counter').or(page.getByTestId('trace-error'))).toBeVisible();
  await expect(page.getByTestId('trace-error')).toHaveCount(0, { timeout: 0 });
  const view = await pageView(page);
  if (view.version !== HELPER_VERSION) {
    throw new Error(`window.wirestep speaks version ${view.version}; this helper is version ${HELPER_VERSION}`);
  }
  if (view.lesson !== id) throw new Error(`asked for lesson "${id}", the page shows "${view.lesson ?? 'none'}"`);
}

async function pageView(page: Page): Promise<PageView> {
  await page.waitForFunction(() => window.wirestep?.trace != null);
  return page.evaluate(() => {
    const w = window.wirestep!;
    return { version: w.version, lesson: w.lesson, step: w.step, totalSteps: w.totalSteps, shownEvents: w.shownEvents };
  });
}

export async function currentStep(page: Page): Promise<number> {
  return (await pageView(page)).step;
}

export async function totalSteps(page: Page): Promise<number> {
  return (await pageView(page)).totalSteps;
}

/** Moves the cursor to step `n` (clamped to 0..totalSteps) with the scrubber, as a user drags it. */
export async function stepTo(page: Page, n: number): Promise<number> {
  const { totalSteps: total } = await pageView(page);
  const target = Math.max(0, Math.min(total, Math.round(n)));
  await page.getByTestId('scrubber').evaluate((input, value) => {
    // React listens to input events; the native setter makes it see a new value.
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    setter?.call(input, String(value));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, target);
  await page.waitForFunction((value) => window.wirestep?.step === value, target);
  return target;
}

/** One click on "step forward"; false when already at the last step. */
export async function stepForward(page: Page): Promise<boolean> {
  // Clicked in the page and awaited there: one round trip per step keeps stepUntil quick.
  return page.evaluate(async () => {
    const button = document.querySelector<HTMLButtonElement>('[data-testid="step-forward"]');
    const before = window.wirestep?.step ?? 0;
    if (button === null || button.disabled) return false;
    button.click();
    for (let frames = 0; window.wirestep?.step === before && frames < 600; frames++) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    if (window.wirestep?.step !== before + 1)
      throw new Error(`step forward from ${before} did not move to ${before + 1}`);
    return true;
  });
}

export async function snapshot(page: Page): Promise<StepSnapshot> {
  const seen = await page.evaluate(() => {
    const w = window.wirestep!;
    const states: Record<string, string> = {};
    for (const host of w.trace?.hosts ?? []) {
      states[host.name] = document.querySelector(`[data-testid="state-${host.name}"]`)?.textContent?.trim() ?? '';
    }
    return {
      step: w.step,
      totalSteps: w.totalSteps,
      states,
      explanation: document.querySelector('[data-testid="explanation"]')?.textContent ?? '',
      events: [...w.stepEvents],
    };
  });
  const packet = seen.events.find(
    (e): e is NonNullable<StepSnapshot['packet']> => e.kind === 'segment' || e.kind === 'datagram' || e.kind === 'icmp',
  );
  return { ...seen, packet };
}

/**
 * Steps forward until `predicate` holds for what the page shows (checked at the current step
 * first), and returns that snapshot. Throws, naming `description`, when the last step is reached
 * without it.
 */
export async function stepUntil(
  page: Page,
  predicate: (step: StepSnapshot) => boolean,
  description = predicate.toString(),
): Promise<StepSnapshot> {
  for (;;) {
    const seen = await snapshot(page);
    if (predicate(seen)) return seen;
    if (!(await stepForward(page))) {
      throw new Error(`stepUntil: "${description}" never held, up to the last step (${seen.totalSteps})`);
    }
  }
}

/** The badge text of `host` (its TCP state, e.g. "ESTABLISHED"). */
export async function stateOf(page: Page, host: string): Promise<string> {
  return ((await page.getByTestId(`state-${host}`).textContent()) ?? '').trim();
}

/** The Trace on screen, as JSON (simulated, real or imported). */
export async function exportTrace(page: Page): Promise<Trace> {
  await pageView(page);
  return page.evaluate(() => JSON.parse(JSON.stringify(window.wirestep!.trace)) as Trace);
}

/** The TCP segments drawn so far (`all`: every segment of the Trace). */
export async function segments(page: Page, options: { all?: boolean } = {}): Promise<SegmentEvent[]> {
  const trace = await exportTrace(page);
  const { shownEvents } = await pageView(page);
  const events = options.all === true ? trace.events : trace.events.slice(0, shownEvents);
  return events.filter((e): e is SegmentEvent => e.kind === 'segment');
}

/** Every TCP socket of `host` at the current step, with its latest TCB snapshot and timers. */
export async function socketsOf(page: Page, host: string): Promise<SocketView[]> {
  const trace = await exportTrace(page);
  const { shownEvents } = await pageView(page);
  return socketsAt(trace, shownEvents).filter((view) => view.host === host);
}

/** The latest TCB snapshot of `host`'s connection (its `socket`, else its most recent one). */
export async function tcbOf(page: Page, host: string, socket?: number): Promise<TcbEvent | undefined> {
  const views = (await socketsOf(page, host)).filter((v) => v.tcb !== undefined);
  const view =
    socket === undefined
      ? views.sort((a, b) => (b.tcbIndex ?? 0) - (a.tcbIndex ?? 0))[0]
      : views.find((v) => v.socket === socket);
  return view?.tcb;
}
