import { expect, test } from '@playwright/test';

test.describe('first page', () => {
  test('lists the built-in scenarios in English, then in French', async ({ page }) => {
    await page.goto('/?lang=en');
    await expect(page.getByRole('heading', { level: 1, name: 'Wirestep' })).toBeVisible();

    const echo = page.locator('[data-testid="scenario-item"][data-scenario-id="tcp-echo"]');
    await expect(echo).toContainText('TCP echo: one message, then the server closes');
    await expect(page.getByTestId('lang-en')).toHaveAttribute('aria-pressed', 'true');

    await page.getByTestId('lang-fr').click();
    await expect(echo).toContainText('Écho TCP : un message, puis le serveur ferme');
    await expect(page.getByRole('heading', { name: 'Scénarios' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page).toHaveURL(/lang=fr/);
  });

  test('?lang=fr opens the page in French', async ({ page }) => {
    await page.goto('/?lang=fr');
    await expect(page.getByTestId('lang-fr')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('[data-scenario-id="tcp-echo"]')).toContainText('Écho TCP');
  });

  test('selecting tcp-echo simulates it and lists its events', async ({ page }) => {
    await page.goto('/?lang=en');
    await page.locator('[data-testid="scenario-item"][data-scenario-id="tcp-echo"]').click();
    // The event list is the secondary view beside the diagram.
    await page.getByTestId('view-events').click();
    // Wait for either outcome, then fail fast (showing the message) if the simulation failed.
    const rows = page.getByTestId('event-row');
    await expect(rows.first().or(page.getByTestId('trace-error'))).toBeVisible();
    await expect(page.getByTestId('trace-error')).toHaveCount(0, { timeout: 0 });
    await expect(
      page.locator('[data-testid="event-row"][data-kind="state"]', { hasText: 'ESTABLISHED' }).first(),
    ).toBeVisible();
    await expect(
      page.locator('[data-testid="event-row"][data-kind="segment"]', { hasText: 'SYN' }).first(),
    ).toBeVisible();
    // The run is reproducible from the address bar.
    await expect(page).toHaveURL(/scenario=tcp-echo/);
    await expect(page).toHaveURL(/seed=\d+/);
  });
});
