// Predict, then see (issue 13, ?quiz=1): stepping tcp-echo stops before the moments that matter
// and asks; a wrong answer and a right one are told apart with the explanation and its RFC
// clause; the score is kept per lesson across a reload and reset by its button. Screenshots at
// 1280×720 in both languages and both themes go to SHOTS_DIR (default test-results/screens/quiz).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openScenario } from './helpers';

const shots = process.env.SHOTS_DIR ?? join(process.cwd(), 'test-results/screens/quiz');
mkdirSync(shots, { recursive: true });

test.use({ viewport: { width: 1280, height: 720 } });

const counter = (page: Page) => page.getByTestId('step-counter');

/** Clicks step forward until a question is asked; returns the step counter's text then. */
async function stepUntilQuestion(page: Page): Promise<string> {
  const question = page.getByTestId('quiz-question');
  for (let i = 0; i < 200 && !(await question.isVisible()); i++) await page.getByTestId('step-forward').click();
  await expect(question).toBeVisible();
  return (await counter(page).textContent()) ?? '';
}

test('tcp-echo asks before the moments that matter, tells right from wrong, and keeps the score', async ({ page }) => {
  // Many steps and a reload: on a loaded 2-core machine this takes longer than one default timeout.
  test.slow();
  // Step 10 is before the first question (the SYN,ACK at step 17).
  await openScenario(page, { scenario: 'tcp-echo', quiz: 1, step: 10 });
  await expect(page.getByTestId('quiz-score')).toHaveText('Score 0 / 0');

  // The first moment: the server's answer to the SYN, asked before it is drawn.
  const before = await stepUntilQuestion(page);
  const question = page.getByTestId('quiz-question');
  await expect(question).toHaveAttribute('data-key', 'segment:syn-ack');
  await expect(question).toContainText('from server to client');
  await expect(page.locator('[data-testid="segment"][data-flags="SYN,ACK"]')).toHaveCount(0);
  const choices = question.getByTestId('quiz-choice');
  expect(await choices.count()).toBeGreaterThanOrEqual(3);
  // Stepping waits for an answer.
  await page.getByTestId('step-forward').click();
  await expect(counter(page)).toHaveText(before);
  await page.screenshot({ path: join(shots, 'quiz-question-en-light.png') });

  // A wrong pick: ack 0 forgets that the SYN takes one sequence number.
  await choices.filter({ hasText: 'SYN,ACK · seq 0 · ack 0' }).click();
  const feedback = page.getByTestId('quiz-feedback');
  await expect(feedback).toHaveAttribute('data-right', 'false');
  await expect(feedback).toContainText('Not quite.');
  await expect(feedback).toContainText('The answer: SYN,ACK · seq 0 · ack 1.');
  await expect(feedback.getByTestId('quiz-rfc')).toContainText('RFC 9293 3.4');
  await expect(page.getByTestId('quiz-score')).toHaveText('Score 0 / 1');
  await page.screenshot({ path: join(shots, 'quiz-wrong-en-light.png') });

  // Stepping on shows the segment the question was about.
  await page.getByTestId('step-forward').click();
  await expect(page.getByTestId('quiz-question')).toHaveCount(0);
  await expect(page.locator('[data-testid="segment"][data-flags="SYN,ACK"]')).toHaveCount(1);

  // The next question is the lesson's own (written in tcp-echo.json): answered right.
  await stepUntilQuestion(page);
  await expect(question).toHaveAttribute('data-key', 'written:0');
  await choices.filter({ hasText: 'One: 14 bytes' }).click();
  await expect(feedback).toHaveAttribute('data-right', 'true');
  await expect(feedback).toContainText('Right!');
  await expect(feedback).toContainText('RFC 9293 3.7.1');
  await expect(page.getByTestId('quiz-score')).toHaveText('Score 1 / 2');

  // The score is the lesson's, kept by the browser: a reload shows it, and the answered
  // questions are not asked again.
  await page.waitForURL(/quiz=1/);
  await page.reload();
  await expect(page.getByTestId('quiz-score')).toHaveText('Score 1 / 2');
  await page.getByTestId('step-first').click();
  await stepUntilQuestion(page);
  await expect(page.getByTestId('quiz-question')).toHaveAttribute('data-key', 'segment:ack-of-data');
  expect(await page.evaluate(() => localStorage.getItem('wirestep.quiz.tcp-echo'))).toBe(
    JSON.stringify({ 'segment:syn-ack': false, 'written:0': true }),
  );

  // Reset: nothing answered, and the first question is asked again.
  await page.getByTestId('quiz-reset').click();
  await expect(page.getByTestId('quiz-score')).toHaveText('Score 0 / 0');
  await page.getByTestId('step-first').click();
  await stepUntilQuestion(page);
  await expect(page.getByTestId('quiz-question')).toHaveAttribute('data-key', 'segment:syn-ack');
  expect(await page.evaluate(() => localStorage.getItem('wirestep.quiz.tcp-echo'))).toBeNull();
});

test('in French and dark: the question, the verdict and the explanation are French', async ({ page }) => {
  test.slow();
  await openScenario(page, { scenario: 'tcp-echo', quiz: 1, lang: 'fr', theme: 'dark', step: 10 });
  await expect(page.getByTestId('quiz')).toContainText('Prédire, puis voir');
  await stepUntilQuestion(page);
  const question = page.getByTestId('quiz-question');
  await expect(question).toContainText('Prochain segment');
  await expect(question).toContainText('Le prochain segment va de server à client');
  await page.screenshot({ path: join(shots, 'quiz-question-fr-dark.png') });
  await question.getByTestId('quiz-choice').filter({ hasText: 'SYN,ACK · seq 0 · ack 1' }).click();
  const feedback = page.getByTestId('quiz-feedback');
  await expect(feedback).toHaveAttribute('data-right', 'true');
  await expect(feedback).toContainText('Juste !');
  await expect(feedback).toContainText('un SYN consomme un numéro de séquence');
  await expect(page.getByTestId('quiz-score')).toHaveText('Score 1 / 1');
  await page.screenshot({ path: join(shots, 'quiz-right-fr-dark.png') });
  // The next state of a socket: FIN-WAIT-1 after the server's close(), in French.
  for (let i = 0; i < 6; i++) {
    await page.getByTestId('step-forward').click();
    await stepUntilQuestion(page);
    if ((await question.getAttribute('data-key')) === 'state:ESTABLISHED>FIN-WAIT-1') break;
    await question.getByTestId('quiz-choice').first().click();
  }
  await expect(question).toHaveAttribute('data-key', 'state:ESTABLISHED>FIN-WAIT-1');
  await expect(question).toContainText('Prochain état');
  await question.getByTestId('quiz-choice').filter({ hasText: 'CLOSE-WAIT' }).click();
  await expect(page.getByTestId('quiz-feedback')).toContainText('Pas tout à fait.');
  await expect(page.getByTestId('quiz-feedback')).toContainText('La réponse : FIN-WAIT-1.');
  await page.screenshot({ path: join(shots, 'quiz-state-fr-dark.png') });
});

test('English dark and French light: the idle card and a recv() question', async ({ page }) => {
  await openScenario(page, { scenario: 'tcp-echo', quiz: 1, theme: 'dark' });
  await page.screenshot({ path: join(shots, 'quiz-idle-en-dark.png') });
  await openScenario(page, { scenario: 'tcp-echo', quiz: 1, lang: 'fr', step: 35 });
  await page.getByTestId('step-forward').click();
  const question = page.getByTestId('quiz-question');
  await expect(question).toHaveAttribute('data-key', 'recv:data');
  await expect(question).toContainText('Ce que renvoie recv()');
  await question.getByTestId('quiz-choice').filter({ hasText: '1024 octets' }).click();
  await expect(page.getByTestId('quiz-feedback')).toContainText('La réponse : 14 octets.');
  await page.screenshot({ path: join(shots, 'quiz-recv-fr-light.png') });
});

test('without quiz=1 there is no quiz', async ({ page }) => {
  await openScenario(page, { scenario: 'tcp-echo', step: 16 });
  await page.getByTestId('step-forward').click();
  await expect(counter(page)).toHaveText(/^17 \//);
  await expect(page.getByTestId('quiz')).toHaveCount(0);
});

test('a program note that would give the answer away waits for it', async ({ page }) => {
  // Step 53 shows the client's second recv() call; its note says it returns 0.
  await openScenario(page, { scenario: 'tcp-echo', step: 53 });
  await expect(page.getByTestId('program-note')).toContainText('recv() returns 0 bytes');
  await openScenario(page, { scenario: 'tcp-echo', step: 53, quiz: 1 });
  await expect(page.getByTestId('program-note')).toContainText('shown once you have answered');
  await expect(page.getByTestId('program-note')).not.toContainText('returns 0');
});

test('presentation mode: the question sits under the diagram beside the explanation', async ({ page }) => {
  await openScenario(page, { scenario: 'tcp-echo', quiz: 1, present: 1, step: 16 });
  await page.getByTestId('step-forward').click();
  await expect(page.getByTestId('quiz-question')).toBeVisible();
  await page.screenshot({ path: join(shots, 'quiz-present-en-light.png') });
});
