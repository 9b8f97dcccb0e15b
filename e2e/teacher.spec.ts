import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { openScenario } from './helpers';

test.describe('share link', () => {
  test('conditions, step, language and presentation mode survive a round trip', async ({ page, context }) => {
    await openScenario(page, { scenario: 'tcp-echo' });
    await page.getByTestId('panel-settings').click();
    await page.getByTestId('net-latency').fill('25');
    await page.getByTestId('net-loss').fill('10');
    await expect(page).toHaveURL(/latency=25/);
    await expect(page).toHaveURL(/loss=0\.1/);
    for (let i = 0; i < 9; i++) await page.getByTestId('step-forward').click();
    await page.getByTestId('lang-fr').click();
    await page.getByTestId('present-toggle').click();
    const counter = await page.getByTestId('step-counter').textContent();
    const states = await page.getByTestId('state-client').textContent();
    expect(counter).toMatch(/^9 \/ \d+$/);
    // The address follows the state within 200 ms (it is not rewritten at every step).
    await expect(page).toHaveURL(/step=9/);
    await expect(page).toHaveURL(/lang=fr/);
    await expect(page).toHaveURL(/present=1/);
    const link = page.url();

    const other = await context.newPage();
    await other.goto(link);
    await expect(other.getByTestId('step-counter')).toHaveText(counter ?? '');
    await expect(other.getByTestId('state-client')).toHaveText(states ?? '');
    await expect(other.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(other.locator('html')).toHaveAttribute('data-presentation', 'true');
    await expect(other.getByTestId('present-toggle')).toHaveAttribute('aria-pressed', 'true');
    await expect(other.getByTestId('url-problems')).toHaveCount(0);
    expect(other.url()).toBe(link);
  });
});

test.describe('presentation mode', () => {
  test('shows only the diagram and the explanation, in large type, and steps with a clicker', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openScenario(page, { scenario: 'tcp-echo', step: 20, present: 1 });
    await expect(page.getByTestId('diagram')).toBeVisible();
    await expect(page.getByTestId('explanation')).toBeVisible();
    for (const hidden of ['panel-tcb', 'panel-settings', 'view-events', 'scenarios-open', 'export-svg', 'speed']) {
      await expect(page.getByTestId(hidden)).toHaveCount(0);
    }
    await expect(page.getByTestId('step-forward')).toBeVisible();
    await expect(page.getByTestId('fullscreen')).toBeVisible();

    // Readable from the back of the room: the explanation and the diagram's labels are large.
    const meaning = page.locator('[data-testid="explanation"] .meaning');
    const meaningPx = await meaning.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    expect(meaningPx).toBeGreaterThanOrEqual(22);
    const labelPx = await page
      .locator('[data-testid="state-label"] text')
      .first()
      .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    expect(labelPx).toBeGreaterThanOrEqual(17);
    // Nothing drawn outside the diagram's box (no clipped labels at the right edge).
    const overflow = await page.getByTestId('diagram').evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);

    // A clicker: Page Down / Page Up step; B blanks the screen until the next key.
    await page.keyboard.press('PageDown');
    await expect(page.getByTestId('step-counter')).toHaveText(/^21 \//);
    await page.keyboard.press('PageUp');
    await page.keyboard.press('PageUp');
    await expect(page.getByTestId('step-counter')).toHaveText(/^19 \//);
    await page.keyboard.press('b');
    await expect(page.getByTestId('blank-screen')).toBeVisible();
    await page.keyboard.press('PageDown');
    await expect(page.getByTestId('blank-screen')).toHaveCount(0);
    await expect(page.getByTestId('step-counter')).toHaveText(/^19 \//);
  });

  test('the clipped state label on nagle at step 40 now fits', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openScenario(page, { scenario: 'nagle', step: 40, present: 1 });
    const diagram = page.getByTestId('diagram');
    const box = await diagram.boundingBox();
    const labels = diagram.locator('[data-testid="state-label"]');
    const count = await labels.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const label = await labels.nth(i).boundingBox();
      if (label === null || box === null) continue;
      expect(label.x + label.width).toBeLessThanOrEqual(box.x + box.width);
    }
  });

  test('the fullscreen button toggles full screen or explains what to press', async ({ page }) => {
    await openScenario(page, { scenario: 'tcp-echo', present: 1 });
    await page.getByTestId('fullscreen').click();
    // Headless browsers may refuse: then a message says which key to use.
    await expect
      .poll(
        async () =>
          (await page.evaluate(() => document.fullscreenElement !== null)) ||
          (await page.getByTestId('fullscreen-message').count()) > 0,
      )
      .toBe(true);
  });
});

async function download(page: Page, testId: string): Promise<{ name: string; body: Buffer }> {
  const pending = page.waitForEvent('download');
  // The formats sit in the Export menu, which closes after each choice.
  await page.getByTestId('export-menu').locator('summary').click();
  await page.getByTestId(testId).click();
  const file = await pending;
  const path = await file.path();
  return { name: file.suggestedFilename(), body: await readFile(path) };
}

test.describe('export', () => {
  test('SVG, PNG, Mermaid and PlantUML of the diagram up to the current step', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openScenario(page, { scenario: 'tcp-echo', step: 30 });

    const svg = await download(page, 'export-svg');
    expect(svg.name).toBe('wirestep-tcp-echo-step-30.svg');
    const svgText = svg.body.toString('utf8');
    expect(svgText).toContain('<svg');
    expect(svgText).toContain('data-flags="SYN"');
    expect(svgText).toContain('data-flags="SYN,ACK"');
    expect(svgText).toContain('SYN seq=0');
    // Up to the step only: the closing FIN is not drawn yet.
    expect(svgText).not.toContain('data-flags="FIN,ACK"');

    const png = await download(page, 'export-png');
    expect(png.name).toBe('wirestep-tcp-echo-step-30.png');
    expect([...png.body.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    const mermaid = await download(page, 'export-mermaid');
    expect(mermaid.name).toBe('wirestep-tcp-echo-step-30.mmd');
    const text = mermaid.body.toString('utf8');
    expect(text.startsWith('sequenceDiagram')).toBe(true);
    expect(text).toContain('Note over client: SYN-SENT');
    await expect(page.getByTestId('export-status')).toContainText('wirestep-tcp-echo-step-30.mmd');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(text);

    const plantuml = await download(page, 'export-plantuml');
    expect(plantuml.name).toBe('wirestep-tcp-echo-step-30.puml');
    const uml = plantuml.body.toString('utf8');
    expect(uml.startsWith('@startuml\n')).toBe(true);
    expect(uml.trimEnd().endsWith('@enduml')).toBe(true);
    expect(uml).toContain('client -> server_fd3 : SYN seq=0');
    expect(uml).not.toContain('FIN');
  });
});

test.describe('keyboard only', () => {
  test('Tab reaches the controls with a visible focus; → Space Home End work', async ({ page }) => {
    await openScenario(page, { scenario: 'tcp-echo' });
    const counter = page.getByTestId('step-counter');
    await expect(counter).toHaveText(/^0 \//);
    // Tab until a step control has the focus, checking that the focus is drawn.
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.closest('[role="toolbar"]') != null);
    }
    expect(reached).toBe(true);
    const outline = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const style = getComputedStyle(element);
      return {
        visible: element.matches(':focus-visible'),
        width: parseFloat(style.outlineWidth),
        style: style.outlineStyle,
      };
    });
    expect(outline.visible).toBe(true);
    expect(outline.style).not.toBe('none');
    expect(outline.width).toBeGreaterThanOrEqual(2);

    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(counter).toHaveText(/^2 \//);
    await page.keyboard.press('End');
    await expect(counter).toHaveText(/^(\d+) \/ \1$/);
    await page.keyboard.press('Home');
    await expect(counter).toHaveText(/^0 \//);
    // Space plays from a non-button element (on a button it presses the button).
    await page.locator('body').focus();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Space');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Space');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  });
});

test.describe('bad link parameters', () => {
  test('are named in a message, and the defaults are used', async ({ page }) => {
    await page.goto('/?scenario=nope&step=-3&loss=7&lang=de&theme=purple');
    const problems = page.getByTestId('url-problems');
    await expect(problems).toBeVisible();
    for (const param of ['scenario', 'step', 'loss', 'lang', 'theme']) {
      await expect(problems.locator(`li[data-param="${param}"]`)).toBeVisible();
    }
    await expect(problems).toContainText('nope');
    // Defaults: English, light theme, the landing page with its scenarios (never a blank page).
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await expect(page.getByTestId('scenario-item').first()).toBeVisible();
    await page.getByTestId('url-problems-dismiss').click();
    await expect(problems).toHaveCount(0);
  });

  test('a bad step with a good scenario still opens the scenario at the start', async ({ page }) => {
    await page.goto('/?scenario=tcp-echo&step=abc&animate=0');
    await expect(page.getByTestId('url-problems')).toContainText('step');
    await expect(page.getByTestId('step-counter')).toHaveText(/^0 \/ \d+$/);
  });
});

test.describe('accessibility (axe)', () => {
  const seriousViolations = async (page: Page) => {
    const results = await new AxeBuilder({ page }).analyze();
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  };

  test('landing page', async ({ page }) => {
    await page.goto('/?lang=en');
    await expect(page.getByTestId('scenario-item').first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`scenario view, ${theme} theme`, async ({ page }) => {
      await openScenario(page, { scenario: 'tcp-echo', step: 30, theme });
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByTestId('panel-settings').click();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  test('presentation mode, light and dark', async ({ page }) => {
    await openScenario(page, { scenario: 'tcp-echo', step: 30, present: 1 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
