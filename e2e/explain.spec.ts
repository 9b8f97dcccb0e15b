// The code panel keeps the current line in view (inside the panel, never by scrolling the page),
// and the explanation says what the event did, at 1280×720 (a classroom projector).
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openScenario } from './helpers';

const screens = join(import.meta.dirname, '..', 'test-results/screens');
test.use({ viewport: { width: 1280, height: 720 } });

interface Visibility {
  /** Steps whose current code line was checked. */
  checked: number;
  /** "step N: why" for every current line outside the listing or the side panel. */
  hidden: string[];
  pageScrolled: boolean;
}

/** Steps forward to the end and checks, after each step, that the current code line is visible. */
async function currentLineAtEveryStep(page: Page): Promise<Visibility> {
  return page.evaluate(async () => {
    const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const inside = (inner: DOMRect, outer: DOMRect) =>
      inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;
    const button = document.querySelector<HTMLButtonElement>('[data-testid="step-forward"]');
    const result = { checked: 0, hidden: [] as string[], pageScrolled: false };
    for (let guard = 0; button !== null && !button.disabled && guard < 2000; guard++) {
      button.click();
      await frame();
      await frame();
      const line = document.querySelector<HTMLElement>('.line.current');
      if (line === null) continue;
      result.checked++;
      const step = document.querySelector('[data-testid="step-counter"]')?.textContent ?? '?';
      const box = line.getBoundingClientRect();
      const listing = line.closest('pre')?.getBoundingClientRect();
      const panel = line.closest('.tab-panel')?.getBoundingClientRect();
      if (listing === undefined || !inside(box, listing)) result.hidden.push(`${step}: outside its listing`);
      if (panel === undefined || !inside(box, panel)) result.hidden.push(`${step}: outside the side panel`);
      if (box.bottom > window.innerHeight) result.hidden.push(`${step}: below the window`);
    }
    result.pageScrolled = window.scrollY !== 0 || document.scrollingElement?.scrollTop !== 0;
    return result;
  });
}

/** Asserts the current line lies inside the listing and the side panel, as Playwright sees them. */
async function expectCurrentLineVisible(page: Page): Promise<void> {
  const line = page.locator('.line.current');
  await expect(line).toHaveCount(1);
  const box = await line.boundingBox();
  const listing = await line.locator('xpath=ancestor::pre[1]').boundingBox();
  const panel = await page.locator('.tab-panel').boundingBox();
  expect(box).not.toBeNull();
  for (const outer of [listing, panel]) {
    expect(outer).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(outer!.y - 0.5);
    expect(box!.y + box!.height).toBeLessThanOrEqual(outer!.y + outer!.height + 0.5);
  }
}

for (const scenario of ['tcp-echo', 'http-get', 'chat']) {
  test.describe(`code panel, ${scenario}`, () => {
    for (const lang of ['python', 'go'] as const) {
      test(`the current ${lang} line is in view at every call step`, async ({ page }) => {
        await openScenario(page, { scenario, step: 0 });
        await page.getByTestId('panel-code').click();
        await page.getByTestId(`code-lang-${lang}`).click();
        const seen = await currentLineAtEveryStep(page);
        expect(seen.hidden).toEqual([]);
        expect(seen.checked).toBeGreaterThan(10);
        expect(seen.pageScrolled).toBe(false);
      });
    }
  });
}

/** Steps back from the end to the last step whose code line is current (a call near the end). */
async function lastCallStep(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const back = document.querySelector<HTMLButtonElement>('[data-testid="step-back"]');
    for (let guard = 0; back !== null && !back.disabled && guard < 1000; guard++) {
      if (document.querySelector('.line.current') !== null) break;
      back.click();
      await frame();
    }
    return document.querySelector('[data-testid="step-counter"]')?.textContent ?? '';
  });
}

test.describe('code panel, language tabs', () => {
  // The last call step of each lesson: the client's close(), low in the second listing.
  for (const scenario of ['tcp-echo', 'http-get', 'chat']) {
    test(`${scenario}, last call step: switching Python → Go → Python keeps the line visible`, async ({ page }) => {
      await openScenario(page, { scenario, step: 100000 });
      await page.getByTestId('panel-code').click();
      const step = (await lastCallStep(page)).split('/')[0]?.trim() ?? '';
      expect(Number(step)).toBeGreaterThan(10);
      // Python is the default: clicking its (scrolled away) button would scroll the panel itself.
      await expect(page.getByTestId('code-lang-python')).toHaveAttribute('aria-pressed', 'true');
      await expectCurrentLineVisible(page);
      await page.screenshot({ path: join(screens, `code-${scenario}-last-call-python.png`) });
      await page.getByTestId('code-lang-go').click();
      await expectCurrentLineVisible(page);
      await page.screenshot({ path: join(screens, `code-${scenario}-last-call-go.png`) });
      await page.getByTestId('code-lang-python').click();
      await expectCurrentLineVisible(page);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
    });
  }
});

test.describe('explanation chosen from what happened (tcp-echo)', () => {
  test('the FIN sent from LAST-ACK answers the first FIN; deliveries say what arrived', async ({ page }) => {
    await openScenario(page, { scenario: 'tcp-echo', step: 0 });
    // The entry chosen at each step (data-explain), stepping forward to the end in the page.
    const ids = await page.evaluate(async () => {
      const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      const button = document.querySelector<HTMLButtonElement>('[data-testid="step-forward"]');
      const out: string[] = [];
      for (let guard = 0; button !== null && !button.disabled && guard < 1000; guard++) {
        button.click();
        await frame();
        out.push(document.querySelector<HTMLElement>('[data-testid="meaning"]')?.dataset.explain ?? '');
      }
      return out;
    });
    const first = ids.indexOf('segment.finFirst');
    const answer = ids.indexOf('segment.finAnswer');
    expect(first).toBeGreaterThan(0);
    expect(answer).toBeGreaterThan(first);
    const delivered = new Set(ids.filter((id) => id.startsWith('deliver.')));
    expect([...delivered]).toEqual(
      expect.arrayContaining(['deliver.synAtListener', 'deliver.synAck', 'deliver.ackOfSyn', 'deliver.data']),
    );
    expect(ids).not.toContain('state.generic');

    // ids[i] is what step i + 1 shows.
    await openScenario(page, { scenario: 'tcp-echo', step: answer + 1 });
    const meaning = page.getByTestId('meaning');
    await expect(meaning).toHaveAttribute('data-explain', 'segment.finAnswer');
    await expect(meaning).toContainText('closes the second direction');
    await expect(meaning).not.toContainText('stays open');
    await expect(page.getByTestId('state-client')).toContainText('LAST-ACK');
    await page.screenshot({ path: join(screens, 'explain-fin-last-ack.png') });
    await openScenario(page, { scenario: 'tcp-echo', step: answer + 1, lang: 'fr' });
    await expect(page.getByTestId('meaning')).toContainText('ferme le second sens');
  });
});
