// The diagram is the screen (issue 8): at a 1280×720 projector every lesson's drawing gets at least
// 60 % of the window (75 % in presentation mode), its smallest text is at least 16 px (24 px in
// presentation mode), nothing scrolls sideways, and every text and arrow of the drawing reads at
// 4.5:1 or more (WCAG 2.2 SC 1.4.3) on the light and the dark theme. One page walks every lesson.
import { expect, test, type Page } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openScenario } from './helpers';

const lessons = readdirSync(fileURLToPath(new URL('../src/scenario/library', import.meta.url)))
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.replace(/\.json$/, ''))
  .sort();

interface Figures {
  /** The diagram's scroll viewport, clipped to the window, over the window's area. */
  share: number;
  /** The smallest text drawn in the diagram, in CSS pixels on screen. */
  minFont: number;
  minFontText: string;
  /** The lowest contrast of any diagram text or arrow against what is behind it. */
  worstContrast: number;
  worstWhat: string;
  /** The page's and the diagram's scroll widths over their visible widths, in pixels. */
  pageWidth: number;
  diagramOverflow: number;
  /** Labels the sticky lane header covers, while the drawing is scrolled to the top. */
  hiddenUnderHeader: number;
}

/** Reads the figures in the page; runs in the browser. */
function measure(): Figures {
  type Rgba = [number, number, number, number];
  const parse = (text: string): Rgba | undefined => {
    const rgb = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(text);
    if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
    const srgb = /color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)/.exec(text);
    if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, Number(srgb[4] ?? 1)];
    return undefined;
  };
  const over = (top: Rgba, alpha: number, under: Rgba): Rgba => {
    const a = top[3] * alpha;
    return [0, 1, 2].map((i) => top[i]! * a + under[i]! * (1 - a)).concat(1) as Rgba;
  };
  const luminance = (c: Rgba) => {
    const lin = (v: number) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  };
  const ratio = (a: Rgba, b: Rgba) => {
    const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (l1! + 0.05) / (l2! + 0.05);
  };
  const opacity = (element: Element): number => {
    let value = 1;
    for (let at: Element | null = element; at !== null && at.tagName !== 'svg'; at = at.parentElement)
      value *= Number(getComputedStyle(at).opacity);
    return value;
  };
  const root = document.querySelector<HTMLElement>('[data-testid="diagram"]')!;
  const svg = root.querySelector<SVGSVGElement>('[data-testid="diagram-svg"]')!;
  const page = parse(getComputedStyle(svg.querySelector('.dg-background')!).fill)!;
  /** A text's backdrop: the box drawn just before it in its group (halo, state box, header), else the page. */
  const backdrop = (text: Element): Rgba => {
    for (let at = text.previousElementSibling; at !== null; at = at.previousElementSibling) {
      if (at.tagName !== 'rect') continue;
      const style = getComputedStyle(at);
      const fill = parse(style.fill);
      if (fill === undefined) return page;
      return over(fill, Number(style.fillOpacity) * opacity(at), page);
    }
    return page;
  };
  let worstContrast = Infinity;
  let worstWhat = '';
  const check = (what: string, colour: string, alpha: number, behind: Rgba) => {
    const parsed = parse(colour);
    if (parsed === undefined || alpha === 0) return;
    const value = ratio(over(parsed, alpha, behind), behind);
    if (value < worstContrast) [worstContrast, worstWhat] = [value, what];
  };
  let minFont = Infinity;
  let minFontText = '';
  for (const text of root.querySelectorAll<SVGTextElement>('text')) {
    if (text.getBBox().width === 0) continue;
    const scale = text.getScreenCTM()?.a ?? 1;
    const size = parseFloat(getComputedStyle(text).fontSize) * scale;
    if (size < minFont) [minFont, minFontText] = [size, text.textContent ?? ''];
    const style = getComputedStyle(text);
    check(`text "${text.textContent}"`, style.fill, Number(style.fillOpacity) * opacity(text), backdrop(text));
  }
  for (const arrow of svg.querySelectorAll('.arrow')) {
    const kind = `${arrow.getAttribute('data-testid')} ${arrow.getAttribute('data-fate')}`;
    for (const line of arrow.querySelectorAll('.line, .cross line')) {
      const style = getComputedStyle(line);
      check(`${kind} line`, style.stroke, Number(style.strokeOpacity) * opacity(line), page);
    }
    for (const head of arrow.querySelectorAll('.head')) {
      const style = getComputedStyle(head);
      // A hollow head (still travelling) is its outline; a full one its fill.
      if (head.classList.contains('hollow'))
        check(`${kind} head`, style.stroke, Number(style.strokeOpacity) * opacity(head), page);
      else check(`${kind} head`, style.fill, Number(style.fillOpacity) * opacity(head), page);
    }
  }
  const box = root.getBoundingClientRect();
  const clippedWidth = Math.max(0, Math.min(box.right, innerWidth) - Math.max(box.left, 0));
  const clippedHeight = Math.max(0, Math.min(box.bottom, innerHeight) - Math.max(box.top, 0));
  // With the drawing at the top, no label may sit under the sticky copy of the lane headers.
  const sticky = root.querySelector('.dg-sticky svg')?.getBoundingClientRect();
  let hiddenUnderHeader = 0;
  if (sticky !== undefined) {
    for (const label of svg.querySelectorAll('.labels > g, .labels > * > g')) {
      const rect = label.getBoundingClientRect();
      if (rect.height > 0 && rect.top < sticky.bottom - 1 && rect.bottom > box.top) hiddenUnderHeader++;
    }
  }
  return {
    share: (clippedWidth * clippedHeight) / (innerWidth * innerHeight),
    minFont,
    minFontText,
    worstContrast,
    worstWhat,
    pageWidth: document.scrollingElement!.scrollWidth,
    diagramOverflow: root.scrollWidth - root.clientWidth,
    hiddenUnderHeader,
  };
}

async function figures(page: Page, params: Record<string, string | number>): Promise<Figures> {
  await openScenario(page, { ...params, step: 99999 });
  await expect(page.getByTestId('diagram-svg')).toBeVisible();
  return page.evaluate(measure);
}

const modes = [
  { name: 'normal', present: 0, share: 0.6, font: 16 },
  { name: 'presentation', present: 1, share: 0.75, font: 24 },
] as const;

test.describe('the diagram is the screen at 1280×720', () => {
  test('every lesson: share of the screen, smallest font, no sideways scroll, contrast on both themes', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1280, height: 720 });
    const rows: string[] = [];
    for (const scenario of lessons) {
      for (const mode of modes) {
        for (const theme of ['light', 'dark'] as const) {
          const params = { scenario, present: mode.present, theme };
          const f = await figures(page, params);
          const where = `${scenario} ${mode.name} ${theme}`;
          rows.push(
            `${where.padEnd(40)} share ${(f.share * 100).toFixed(1)} %  font ${f.minFont.toFixed(1)} px (${f.minFontText})  contrast ${f.worstContrast.toFixed(2)} (${f.worstWhat})  page ${f.pageWidth} px  overflow ${f.diagramOverflow} px`,
          );
          expect.soft(f.share, `${where}: share of the screen`).toBeGreaterThanOrEqual(mode.share);
          expect.soft(f.minFont, `${where}: smallest font (${f.minFontText})`).toBeGreaterThanOrEqual(mode.font);
          expect.soft(f.pageWidth, `${where}: page width`).toBeLessThanOrEqual(1280);
          expect.soft(f.diagramOverflow, `${where}: diagram scrolls sideways`).toBeLessThanOrEqual(1);
          expect.soft(f.worstContrast, `${where}: contrast of ${f.worstWhat}`).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
    console.log(rows.join('\n'));
  });
});

test.describe('contrast while packets travel', () => {
  test('in-flight, lost and retransmitted arrows and their labels read at 4.5:1 at every step, light and dark', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 720 });
    for (const scenario of ['tcp-retransmission', 'udp-echo']) {
      for (const theme of ['light', 'dark'] as const) {
        await openScenario(page, { scenario, theme, step: 0 });
        // The walk runs in the page (one round trip): measure() is put there once.
        await page.addScriptTag({ content: `window.measureScreen = ${measure.toString()};` });
        const { worst, what, inFlight } = await page.evaluate(async () => {
          const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
          const read = (window as unknown as { measureScreen: typeof measure }).measureScreen;
          const forward = document.querySelector<HTMLButtonElement>('[data-testid="step-forward"]')!;
          const out = { worst: Infinity, what: '', inFlight: 0 };
          for (let guard = 0; guard < 1000; guard++) {
            const travelling = document.querySelectorAll('[data-fate="in-flight"]').length;
            // Every step with a packet on its way, and the last (lost and retransmitted ones drawn).
            if (travelling > 0 || forward.disabled) {
              out.inFlight += travelling;
              const f = read();
              if (f.worstContrast < out.worst) [out.worst, out.what] = [f.worstContrast, f.worstWhat];
            }
            if (forward.disabled) break;
            forward.click();
            await frame();
            await frame();
          }
          return out;
        });
        expect(inFlight, `${scenario} ${theme}: some arrow was seen in flight`).toBeGreaterThan(0);
        expect(worst, `${scenario} ${theme}: ${what}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});

test.describe('the teacher chooses', () => {
  test('the legend (hidden at first) sits above the drawing in both languages; the side column folds away', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openScenario(page, { scenario: 'tcp-retransmission', step: 40 });
    await expect(page.getByTestId('legend')).toHaveCount(0);
    await page.getByTestId('legend-toggle').click();
    const legend = page.getByTestId('legend');
    await expect(legend).toContainText('retransmission');
    await expect(legend.getByTestId('legend.dropped')).toContainText('lost');
    const [legendBox, diagramBox] = [await legend.boundingBox(), await page.getByTestId('diagram').boundingBox()];
    expect(legendBox!.y + legendBox!.height).toBeLessThanOrEqual(diagramBox!.y + 0.5);
    await page.getByTestId('lang-fr').click();
    await expect(legend.getByTestId('legend.dropped')).toContainText('perdu');
    await page.getByTestId('legend-toggle').click();
    await expect(page.getByTestId('legend')).toHaveCount(0);

    const width = async () => (await page.getByTestId('diagram').boundingBox())!.width;
    const before = await width();
    await page.getByTestId('side-toggle').click();
    await expect(page.getByTestId('explanation')).toHaveCount(0);
    expect(await width()).toBeGreaterThan(before + 250);
    await page.getByTestId('side-toggle').click();
    await expect(page.getByTestId('explanation')).toBeVisible();
  });

  test('the sticky lane headers only appear once the real ones are scrolled away', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    for (const present of [0, 1]) {
      await openScenario(page, { scenario: 'tcp-echo', step: 0, present });
      const covered = await page.evaluate(async () => {
        const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
        const root = document.querySelector<HTMLElement>('[data-testid="diagram"]')!;
        const forward = document.querySelector<HTMLButtonElement>('[data-testid="step-forward"]')!;
        const bad: number[] = [];
        for (let step = 0; !forward.disabled && step < 500; step++) {
          forward.click();
          await frame();
          await frame();
          const sticky = root.querySelector('.dg-sticky svg');
          if (sticky !== null && root.scrollTop + 1 < sticky.getBoundingClientRect().height) bad.push(step);
        }
        return bad;
      });
      expect(covered, `presentation ${present}: steps where the sticky copy covered rows in view`).toEqual([]);
    }
  });
});

// Screenshots to look at as a learner at the back of the room would (issue 8's "Done means").
const shots = process.env.SCREEN_SHOTS_DIR ?? '';

test.describe('screenshots', () => {
  test('lessons at 1280×720 (normal, presentation, light, dark, English, French) and 1920×1080', async ({ page }) => {
    // Taken on demand (SCREEN_SHOTS_DIR=/tmp/shots-screen), to be looked at; npm test stays quick.
    test.skip(process.env.SCREEN_SHOTS_DIR === undefined, 'set SCREEN_SHOTS_DIR to take the screenshots');
    test.setTimeout(240_000);
    // SCREEN_SHOTS_LESSONS=a,b picks the lessons, SCREEN_SHOTS_STEP the step (24, or 'end'), and
    // SCREEN_SHOTS_QUERY adds parameters (show=packets) to every link.
    const shotLessons = process.env.SCREEN_SHOTS_LESSONS?.split(',') ?? [
      'tcp-echo',
      'chat',
      'nagle',
      'tcp-multi-client',
    ];
    const extra = Object.fromEntries(new URLSearchParams(process.env.SCREEN_SHOTS_QUERY ?? ''));
    const step = process.env.SCREEN_SHOTS_STEP === 'end' ? 999_999 : Number(process.env.SCREEN_SHOTS_STEP ?? 24);
    for (const scenario of shotLessons) {
      for (const [width, height] of [
        [1280, 720],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        for (const present of [0, 1]) {
          for (const theme of ['light', 'dark']) {
            for (const lang of width === 1280 ? ['en', 'fr'] : ['en']) {
              await openScenario(page, { scenario, present, theme, lang, step, ...extra });
              await expect(page.getByTestId('diagram-svg')).toBeVisible();
              const mode = present ? 'present' : 'normal';
              await page.screenshot({ path: `${shots}/${scenario}-${width}-${mode}-${theme}-${lang}.png` });
            }
          }
        }
      }
    }
  });
});
