// The guided path (issue 13), in both languages: the landing page lists the lessons numbered in
// the course's order with their goals and length; a lesson shows what to watch for before its
// first step and its recap at its last, with the next lesson of the path. Screenshots at 1280×720
// go to SHOTS_DIR (default test-results/screens/guided-path).
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Scenario } from '../src/scenario/schema';
import { openScenario } from './helpers';

const shots = process.env.SHOTS_DIR ?? join(process.cwd(), 'test-results/screens/guided-path');
mkdirSync(shots, { recursive: true });

test.use({ viewport: { width: 1280, height: 720 } });

// Read from the files (Node's ESM loader wants an import attribute for JSON modules).
const library = join(process.cwd(), 'src/scenario/library');
const builtinScenarios: Scenario[] = readdirSync(library)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(join(library, file), 'utf8')) as Scenario);
const ordered = [...builtinScenarios].sort((a, b) => (a.guide?.order ?? 0) - (b.guide?.order ?? 0));

for (const lang of ['en', 'fr'] as const) {
  test.describe(`in ${lang === 'en' ? 'English' : 'French'}`, () => {
    test('the landing page shows the path in order, with each lesson’s goals and length', async ({ page }) => {
      await page.goto(`/?lang=${lang}&animate=0`);
      const path = page.getByTestId('guide-path');
      await expect(path).toBeVisible();
      await expect(path.getByRole('heading', { level: 2 })).toHaveText(
        lang === 'en' ? 'Scenarios: a suggested path' : 'Scénarios : un parcours conseillé',
      );
      const items = path.getByTestId('scenario-item');
      await expect(items).toHaveCount(ordered.length);
      const shown = await items.evaluateAll((buttons) =>
        buttons.map((button) => ({
          id: button.getAttribute('data-scenario-id'),
          number: Number(button.getAttribute('data-number')),
          stage: button.querySelector('[data-testid="guide-stage"]')?.textContent ?? '',
          goals: [...button.querySelectorAll('[data-testid="guide-goal"]')].map((goal) => goal.textContent),
          minutes: button.querySelector('[data-testid="guide-minutes"]')?.textContent ?? '',
          top: button.getBoundingClientRect().top,
          left: button.getBoundingClientRect().left,
        })),
      );
      // Numbered 1..n in the course's order, in reading order on screen (rows, then left to right).
      expect(shown.map((item) => item.id)).toEqual(ordered.map((scenario) => scenario.id));
      expect(shown.map((item) => item.number)).toEqual(ordered.map((_s, i) => i + 1));
      const reading = [...shown].sort((a, b) => a.top - b.top || a.left - b.left);
      expect(reading.map((item) => item.number)).toEqual(shown.map((item) => item.number));
      expect(shown[0]!.id).toBe('tcp-echo');
      expect(shown[0]!.stage).toBe(
        lang === 'en' ? '1 · Sockets and the TCP connection' : '1 · Les sockets et la connexion TCP',
      );
      for (const [i, item] of shown.entries()) {
        const guide = ordered[i]!.guide!;
        expect(item.goals).toEqual(guide.goals.map((goal) => goal[lang]));
        expect(item.minutes).toBe(`${guide.minutes} min`);
      }
      const total = ordered.reduce((sum, scenario) => sum + scenario.guide!.minutes!, 0);
      await expect(page.getByTestId('guide-total')).toContainText(
        `${ordered.length} ${lang === 'en' ? 'lessons' : 'leçons'}, ${lang === 'en' ? 'about' : 'environ'} ${Math.floor(total / 60)} h ${total % 60} min`,
      );
      await page.screenshot({ path: join(shots, `landing-${lang}.png`) });

      // Opening a lesson from the path: its first card.
      await items.first().click();
      await expect(page).toHaveURL(/scenario=tcp-echo/);
      await expect(page.getByTestId('guide-watch')).toContainText(ordered[0]!.guide!.watchFor[lang]);
    });

    test('a lesson shows what to watch for at its start and its recap at its end', async ({ page }) => {
      test.slow();
      const lesson = builtinScenarios.find((scenario) => scenario.id === 'tcp-retransmission')!;
      await openScenario(page, { scenario: lesson.id, step: 0, lang });
      const watch = page.getByTestId('guide-watch');
      await expect(watch).toBeVisible();
      await expect(watch).toContainText(lang === 'en' ? 'What to watch for' : 'À observer');
      await expect(watch).toContainText(lesson.guide!.watchFor[lang]);
      await expect(page.getByTestId('guide-recap')).toHaveCount(0);
      await expect(page.getByTestId('guide-changed')).toHaveCount(0);
      // At the top of the side column, above the explanation, beside a diagram that keeps its room.
      const banner = (await watch.boundingBox())!;
      const diagram = (await page.getByTestId('diagram').boundingBox())!;
      const explanation = (await page.getByTestId('explanation').boundingBox())!;
      expect(banner.x).toBeGreaterThanOrEqual(diagram.x + diagram.width);
      expect(banner.y + banner.height).toBeLessThanOrEqual(explanation.y);
      expect(banner.y + banner.height).toBeLessThanOrEqual(720);
      await page.screenshot({ path: join(shots, `start-${lang}.png`) });

      // One step on: neither text, the diagram has the room.
      await page.getByTestId('step-forward').click();
      await expect(page.getByTestId('step-counter')).toHaveText(/^1 \//);
      await expect(watch).toHaveCount(0);
      await expect(page.getByTestId('guide-recap')).toHaveCount(0);

      // The last step: the recap, which names the retransmissions the diagram draws.
      await page.getByTestId('step-last').click();
      const recap = page.getByTestId('guide-recap');
      await expect(recap).toBeVisible();
      await expect(recap).toContainText(lang === 'en' ? 'What this lesson showed' : 'Ce que la leçon a montré');
      await expect(recap).toContainText(lesson.guide!.recap[lang]);
      await expect(recap).toContainText(
        lang === 'en' ? 'The SYN was resent after 1 s' : "Le SYN a été renvoyé au bout d'1 s",
      );
      expect(await page.locator('[data-testid="segment"].retransmission').count()).toBeGreaterThan(0);
      await page.screenshot({ path: join(shots, `end-${lang}.png`) });

      // Hide puts it away; the next lesson of the path opens from it.
      await page.getByTestId('guide-hide').click();
      await expect(recap).toHaveCount(0);
      await page.getByTestId('step-back').click();
      await page.getByTestId('step-last').click();
      await expect(recap).toHaveCount(0);
      // Hidden for this visit only: the address keeps the last step (written at most every 200 ms:
      // reload once it is there), and a reload shows the recap again.
      const last = (await page.getByTestId('step-counter').textContent())!.split('/')[0]!.trim();
      await expect(page).toHaveURL(new RegExp(`step=${last}\\b`));
      await page.reload();
      await expect(recap).toBeVisible();
      const next = page.getByTestId('guide-next');
      await expect(next).toHaveAttribute('data-scenario-id', 'congestion-control');
      await expect(next).toContainText('12.');
      await next.click();
      await expect(page).toHaveURL(/scenario=congestion-control/);
      await expect(page.getByTestId('guide-watch')).toContainText(
        builtinScenarios.find((s) => s.id === 'congestion-control')!.guide!.watchFor[lang],
      );
    });

    test('the recap says so when the learner changed the run', async ({ page }) => {
      await openScenario(page, { scenario: 'tcp-echo', step: 0, lang, seed: 7 });
      await expect(page.getByTestId('guide-watch')).toBeVisible();
      await expect(page.getByTestId('guide-changed')).toContainText(
        lang === 'en' ? 'this describes the lesson as written' : 'ce texte décrit la leçon telle qu’elle est écrite',
      );
    });
  });
}
