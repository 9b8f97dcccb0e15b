// The lesson editor (issue 13, "change the program"): a side-panel tab that edits the lesson on
// screen. A valid edit is simulated again once typing pauses; an invalid one shows its problem
// beside the step its JSON path names while the last good diagram stays; undo and redo.
import { expect, test, type Page } from '@playwright/test';
import { openScenario } from './helpers';

/** To the last step (End), also when already there: the button would then be disabled. */
async function toEnd(page: Page): Promise<void> {
  await page.getByTestId('scrubber').focus();
  await page.keyboard.press('End');
}

const step = (page: Page, path: string) => page.locator(`[data-testid="editor-step"][data-path="${path}"]`);

async function openEditor(page: Page, host: string): Promise<void> {
  await page.getByTestId('panel-code').click();
  await page.getByTestId('open-editor').click();
  await expect(page.getByTestId('lesson-editor')).toBeVisible();
  await expect(page.getByTestId('panel-edit')).toHaveAttribute('aria-selected', 'true');
  await page.locator(`[data-testid="editor-program"][data-host="${host}"]`).click();
}

/** Opens a step's fields (the row's call is its toggle). */
async function openStep(page: Page, path: string): Promise<void> {
  await step(page, path).locator('.editor-step-call').click();
  await expect(step(page, path).getByTestId('editor-step-form')).toBeVisible();
}

const pshLabels = (page: Page) =>
  page
    .getByTestId('segment-label')
    .filter({ hasText: /^PSH, ACK/ })
    .allTextContents();

test('edit the client’s data, remove a step, break the port, undo and redo', async ({ page }) => {
  test.slow(); // a simulation per edit, on a machine shared with other runs
  await page.setViewportSize({ width: 1280, height: 720 });
  await openScenario(page, { scenario: 'tcp-echo' });
  await toEnd(page);
  expect(await pshLabels(page)).toEqual(['PSH, ACK seq=1 ack=1 len=14', 'PSH, ACK seq=1 ack=15 len=14']);
  await openEditor(page, 'client');
  await expect(step(page, '$.programs[1].steps[2]')).toContainText('sendall(sock, "Hello, server!")');

  // The data sent: the request and its echo are 2 bytes long now.
  await openStep(page, '$.programs[1].steps[2]');
  await step(page, '$.programs[1].steps[2]').locator('[data-field="data"]').fill('Hi');
  await expect(page.getByTestId('lesson-origin')).toHaveAttribute('data-origin', 'edited');
  await expect(page.getByTestId('lesson-origin')).toContainText('Edited from tcp-echo');
  await toEnd(page);
  await expect.poll(() => pshLabels(page)).toEqual(['PSH, ACK seq=1 ack=1 len=2', 'PSH, ACK seq=1 ack=3 len=2']);
  // An edited lesson has no address of its own: the link names neither scenario= nor lesson=.
  await expect.poll(() => new URL(page.url()).searchParams.has('scenario')).toBe(false);
  expect(new URL(page.url()).searchParams.has('lesson')).toBe(false);

  // Without its sendall the client sends nothing: no data segment at all.
  await step(page, '$.programs[1].steps[2]').getByTestId('editor-remove').click();
  await expect(step(page, '$.programs[1].steps[2]')).toContainText('reply = recv(sock, 1024)');
  await toEnd(page);
  await expect.poll(() => pshLabels(page)).toEqual([]);
  await page.getByTestId('editor-undo').click();
  await toEnd(page);
  await expect.poll(() => pshLabels(page)).toEqual(['PSH, ACK seq=1 ack=1 len=2', 'PSH, ACK seq=1 ack=3 len=2']);

  // A port out of range: the problem shows at its step with its path; the diagram stays.
  await openStep(page, '$.programs[1].steps[1]');
  const port = step(page, '$.programs[1].steps[1]').locator('[data-field="port"]');
  await port.fill('70000');
  const problem = step(page, '$.programs[1].steps[1]').getByTestId('editor-problem');
  await expect(problem).toHaveAttribute('data-path', '$.programs[1].steps[1].port');
  await expect(problem).toContainText('$.programs[1].steps[1].port');
  await expect(page.getByTestId('editor-status')).toHaveAttribute('data-state', 'invalid');
  await expect(page.getByTestId('editor-status')).toContainText('1 problem: the diagram shows the last valid version');
  await expect(page.locator('[data-testid="editor-program"][data-host="client"] .editor-badge')).toHaveText('1');
  await toEnd(page);
  expect(await pshLabels(page)).toEqual(['PSH, ACK seq=1 ack=1 len=2', 'PSH, ACK seq=1 ack=3 len=2']);
  await expect(page.getByTestId('trace-error')).toHaveCount(0);

  // Ctrl+Z in the field is the editor's undo: the port is valid again; Ctrl+Shift+Z redoes.
  await port.press('Control+z');
  await expect(port).toHaveValue('8080');
  await expect(page.getByTestId('editor-problem')).toHaveCount(0);
  await expect(page.getByTestId('editor-status')).toHaveAttribute('data-state', 'ok');
  await port.press('Control+Shift+z');
  await expect(port).toHaveValue('70000');
  await expect(page.getByTestId('editor-problem')).toHaveCount(1);
  await page.getByTestId('editor-undo').click();
  await page.getByTestId('editor-redo').click();
  await expect(page.getByTestId('editor-problem')).toHaveAttribute('data-path', '$.programs[1].steps[1].port');
  await page.screenshot({ path: 'test-results/screens/lesson-editor-problem.png' });
});

test('TCP_NODELAY added to nagle: the delayed-ACK stall is gone', async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1280, height: 720 });
  await openScenario(page, { scenario: 'nagle' });
  await toEnd(page);
  const stalls = page.getByTestId('timer').filter({ hasText: /^Delayed-ACK timer .* fired at/ });
  expect(await stalls.count()).toBeGreaterThan(0);
  await openEditor(page, 'client');
  await openStep(page, '$.programs[1].steps[1]');
  await page.getByTestId('editor-add-op').selectOption('setsockopt');
  await page.getByTestId('editor-add').click();
  await expect(step(page, '$.programs[1].steps[2]')).toContainText('setsockopt(sock, TCP_NODELAY, true)');
  await expect(page.getByTestId('lesson-origin')).toHaveAttribute('data-origin', 'edited');
  await toEnd(page);
  await expect(stalls).toHaveCount(0);
  await expect(page.getByTestId('timer').filter({ hasText: /fired at 60\.00\d+ s/ })).toHaveCount(1);
});

test('in French: a new lesson from a built-in one, and a problem by its path', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openScenario(page, { scenario: 'tcp-echo', lang: 'fr' });
  await expect(page.getByTestId('panel-edit')).toHaveCount(0);
  await openEditor(page, 'server');
  await expect(page.getByTestId('panel-edit')).toHaveText('Éditer');
  await page.getByTestId('editor-new-lesson').click();
  await expect(page.locator('[data-field="id"]')).toHaveValue('my-tcp-echo');
  await expect(page.getByTestId('lesson-origin')).toContainText('Modifiée à partir de tcp-echo');
  await expect(page.getByTestId('editor-status')).toHaveText('Le diagramme montre cette version.');
  await openStep(page, '$.programs[0].steps[1]');
  await step(page, '$.programs[0].steps[1]').locator('[data-field="port"]').fill('huit');
  await expect(step(page, '$.programs[0].steps[1]').getByTestId('editor-problem')).toHaveAttribute(
    'data-path',
    '$.programs[0].steps[1].port',
  );
  await expect(page.getByTestId('editor-status')).toContainText(
    '1 problème : le diagramme montre la dernière version valide',
  );
  await expect(page.getByTestId('diagram')).toBeVisible();
});
