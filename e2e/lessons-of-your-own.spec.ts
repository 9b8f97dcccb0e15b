// Lessons that are not built in (issues 13 and 14): `?lesson=URL` fetches a scenario file published
// next to the app (public/lessons/two-messages.json, the README's worked example), a broken one is
// refused with its JSON path while what was on screen stays, a lesson file opens from the file
// button, and the Export menu gives the lesson back as a file and as a link that carries it whole.
// The language the learner picks is remembered across visits.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { openScenario } from './helpers';

// page.route() answers the page's own requests; a service worker's fetches would pass it by.
test.use({ serviceWorkers: 'block' });

const example = 'lessons/two-messages.json';

async function waitForTrace(page: Page): Promise<void> {
  await expect(page.getByTestId('step-counter')).toBeVisible();
}

test('?lesson= opens a lesson published next to the app, and the link keeps it', async ({ page }) => {
  await page.goto(`/?lang=en&animate=0&lesson=${encodeURIComponent(example)}`);
  await waitForTrace(page);
  await expect(page.getByTestId('scenario-title')).toContainText('Two messages, one connection');
  await expect(page.getByTestId('lesson-origin')).toContainText(`Lesson from ${example}`);
  await page.getByTestId('step-last').click();
  // The teacher's program ran: both messages and both answers are on the wire.
  await expect(page.locator('[data-testid="segment"][data-flags="PSH,ACK"]')).toHaveCount(4);
  await expect.poll(() => new URL(page.url()).searchParams.get('lesson')).toBe(example);
  expect(new URL(page.url()).searchParams.has('scenario')).toBe(false);
  // Reloading the link gives the same lesson at the same step, once the address has it (the
  // store writes the address at most every 200 ms).
  const step = (await page.getByTestId('step-counter').textContent()) ?? '';
  await expect.poll(() => new URL(page.url()).searchParams.get('step')).toBe(step.split(' / ')[0]);
  await page.reload();
  await waitForTrace(page);
  await expect(page.getByTestId('step-counter')).toHaveText(step);
});

test('a broken lesson is refused with its JSON path; a missing one with its HTTP status', async ({ page }) => {
  const body = JSON.parse(await readFile(`public/${example}`, 'utf8')) as Record<string, unknown>;
  await page.route('**/lessons/broken.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ...body, hosts: [{ name: 'server' }] }) }),
  );
  await page.goto('/?lang=en&lesson=lessons%2Fbroken.json');
  const problem = page.getByTestId('lesson-problem');
  await expect(problem).toContainText('The lesson lessons/broken.json could not be opened: it is not a valid lesson');
  await expect(problem.locator('[data-path="$.hosts[0].addr"]')).toHaveCount(1);
  // The landing page is still there to pick a built-in lesson.
  await expect(page.locator('[data-testid="scenario-item"][data-scenario-id="tcp-echo"]')).toBeVisible();

  await page.route('**/lessons/nowhere.json', (route) => route.fulfill({ status: 404, body: 'Not Found' }));
  await page.goto('/?lang=fr&lesson=lessons%2Fnowhere.json');
  await expect(page.getByTestId('lesson-problem')).toContainText('HTTP 404');
  await expect(page.getByTestId('lesson-problem')).toContainText('n’a pas pu être ouverte');

  // A static server that answers every path with the app's page (a single-page fallback, as
  // `vite preview` does here) gives HTML: said as such, not as a JSON syntax error.
  await page.goto('/?lang=en&lesson=lessons%2Fmistyped.json');
  await expect(page.getByTestId('lesson-problem')).toContainText('the address gave a web page, not a lesson file');
});

test('a lesson file opens from the file button; a broken file leaves the lesson on screen', async ({ page }) => {
  await openScenario(page, { scenario: 'tcp-echo', step: 5 });
  const input = page.getByTestId('open-capture');
  const text = await readFile(`public/${example}`, 'utf8');
  await input.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text.replace('"10.0.0.2"', '"10.0.0.1"')),
  });
  await expect(page.getByTestId('lesson-problem').locator('[data-path="$.hosts[1].addr"]')).toContainText(
    'duplicate address 10.0.0.1',
  );
  await expect(page.getByTestId('scenario-title')).toContainText('TCP echo');
  await expect(page.getByTestId('step-counter')).toContainText('5');

  await input.setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByTestId('scenario-title')).toContainText('Two messages, one connection');
  await expect(page.getByTestId('lesson-origin')).toContainText('Lesson from the file mine.json');
  await expect(page.getByTestId('lesson-problem')).toHaveCount(0);
});

test('in French, the landing page opens a lesson file (open-lesson); a broken one is refused in French', async ({
  page,
}) => {
  await page.goto('/?lang=fr');
  const input = page.getByTestId('open-lesson');
  await expect(page.getByTestId('guide-path')).toContainText('Ouvrir un fichier de leçon');
  const text = await readFile(`public/${example}`, 'utf8');
  await input.setInputFiles({
    name: 'cassee.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text.replace('"10.0.0.2"', '"10.0.0.1"')),
  });
  await expect(page.getByTestId('lesson-problem').locator('[data-path="$.hosts[1].addr"]')).toContainText(
    'adresse 10.0.0.1 en double',
  );
  await input.setInputFiles({ name: 'la-mienne.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByTestId('lesson-origin')).toContainText('la-mienne.json');
  await expect(page.getByTestId('step-counter')).toBeVisible();
});

test('the Export menu saves the lesson as a file and as a link that carries it whole', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`/?lang=en&animate=0&lesson=${encodeURIComponent(example)}`);
  await waitForTrace(page);

  await page.getByTestId('export-menu').locator('summary').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('save-lesson').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('two-messages.json');
  const saved = JSON.parse(await readFile((await file.path())!, 'utf8')) as { id: string; programs: unknown[] };
  const published = JSON.parse(await readFile(`public/${example}`, 'utf8')) as { id: string; programs: unknown[] };
  expect(saved).toEqual(published);

  await page.getByTestId('export-menu').locator('summary').click();
  await page.getByTestId('share-lesson').click();
  const link = await page.getByTestId('lesson-link').inputValue();
  expect(link).toMatch(/#lesson=[A-Za-z0-9_-]+$/);
  expect(new URL(link).searchParams.has('lesson')).toBe(false);
  await expect(page.getByTestId('export-status')).toContainText(`(${link.length} characters)`);

  // The link alone (no file on any server) opens the same lesson, in a fresh page.
  const other = await context.newPage();
  await other.goto(link);
  await waitForTrace(other);
  await expect(other.getByTestId('scenario-title')).toContainText('Two messages, one connection');
  await expect(other.getByTestId('lesson-origin')).toContainText('Lesson carried by the link');
  // Choosing a built-in lesson drops the fragment, so a reload does not bring the old lesson back.
  await other.getByTestId('scenarios-open').click();
  await other.locator('dialog [data-testid="scenario-item"][data-scenario-id="tcp-echo"]').click();
  await expect.poll(() => new URL(other.url()).hash).toBe('');
});

test('the language follows the browser at first, then the learner’s choice is remembered', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.getByTestId('lang-en').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // A new visit with no lang= in the address: the choice, not the browser's French.
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.goto('/?lang=fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await context.close();
});
