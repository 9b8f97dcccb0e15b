// The time scale the learner chooses (issue 8): nagle opens proportional, so its 40 ms stalls are
// seen as gaps; the Settings panel switches, and the choice travels in the share link.
import { expect, test } from '@playwright/test';
import { openScenario } from './helpers';

test.use({ viewport: { width: 1280, height: 720 } });

test('nagle opens with proportional time; the learner can switch to compressed and the link keeps it', async ({
  page,
}) => {
  await openScenario(page, { scenario: 'nagle', step: 10 });
  const diagram = page.getByTestId('diagram');
  await expect(diagram).toHaveAttribute('data-time-scale', 'proportional');
  const tallProportional = await diagram.evaluate((el) => el.scrollHeight);
  await page.getByTestId('panel-settings').click();
  await expect(page.getByTestId('time-proportional')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('time-compressed').click();
  await expect(diagram).toHaveAttribute('data-time-scale', 'compressed');
  await expect(page).toHaveURL(/time=compressed/);
  expect(await diagram.evaluate((el) => el.scrollHeight)).toBeLessThan(tallProportional);
  await openScenario(page, { scenario: 'tcp-echo', step: 3 });
  await expect(page.getByTestId('diagram')).toHaveAttribute('data-time-scale', 'compressed');
});
