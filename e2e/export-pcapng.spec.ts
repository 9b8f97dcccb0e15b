// The Export row's pcapng button (issue 14): the downloaded file is a pcapng section with one
// Enhanced Packet Block per packet of the lesson, the importer reads back the same segments, and
// tshark (when installed) reads it with no error and no warning.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import type { Scenario } from '../src/scenario/schema';
import { simulate } from '../src/sim';
import { importCapture } from '../src/trace/import';
import { openScenario } from './helpers';

// Read as JSON, not imported: Playwright's loader does not take JSON modules without an attribute.
const lesson = (id: string) =>
  JSON.parse(readFileSync(new URL(`../src/scenario/library/${id}.json`, import.meta.url), 'utf8')) as Scenario;
const tshark = spawnSync('tshark', ['--version']).status === 0;

function blockTypes(bytes: Buffer): number[] {
  const types: number[] = [];
  for (let at = 0; at + 8 <= bytes.length; at += bytes.readUInt32LE(at + 4)) types.push(bytes.readUInt32LE(at));
  return types;
}

for (const id of ['tcp-echo', 'nagle']) {
  test(`${id}: the pcapng download holds every packet, with the same segments`, async ({ page }, info) => {
    await openScenario(page, { scenario: id, step: 3 });
    const pending = page.waitForEvent('download');
    await page.getByTestId('export-menu').locator('summary').click();
    await page.getByTestId('export-pcapng').click();
    const download = await pending;
    expect(download.suggestedFilename()).toBe(`wirestep-${id}.pcapng`);
    const bytes = await readFile(await download.path());
    // Section Header Block type, then the byte-order magic read little-endian (pcapng 4.1).
    expect([...bytes.subarray(0, 4)]).toEqual([0x0a, 0x0d, 0x0d, 0x0a]);
    expect(bytes.readUInt32LE(8)).toBe(0x1a2b3c4d);

    const trace = simulate(lesson(id), {});
    const segments = trace.events.filter((e) => e.kind === 'segment');
    expect(blockTypes(bytes).filter((type) => type === 6)).toHaveLength(segments.length);
    const back = importCapture(new Uint8Array(bytes));
    const shape = (e: (typeof segments)[number]) => [e.flags.join(), e.seq, e.ack, e.window, e.len];
    expect(back.events.filter((e) => e.kind === 'segment').map(shape)).toEqual(segments.map(shape));
    await expect(page.getByTestId('export-status')).toContainText(`wirestep-${id}.pcapng`);

    if (!tshark) {
      info.annotations.push({ type: 'skip', description: 'tshark is not installed: Wireshark check skipped' });
      return;
    }
    const run = spawnSync('tshark', ['-r', await download.path(), '-q', '-z', 'expert,warn'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/Errors \(|Warns \(/);
    const listed = spawnSync('tshark', ['-r', await download.path()], { encoding: 'utf8' });
    expect(listed.stdout.trim().split('\n')).toHaveLength(segments.length);
  });
}
