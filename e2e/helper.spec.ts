// The testing helper (e2e/wirestep.ts) used the way a course author's own test would use it:
// open a lesson, step to the moment that matters, and assert what the learner sees there.
import { expect, test } from '@playwright/test';
import {
  currentStep,
  exportTrace,
  openLesson,
  segments,
  stateOf,
  stepTo,
  stepUntil,
  tcbOf,
  totalSteps,
} from './wirestep';

test('tcp-echo: the handshake, the echo and the close, read through the helper', async ({ page }) => {
  await openLesson(page, 'tcp-echo', { seed: 1 });
  expect(await currentStep(page)).toBe(0);

  // The client's SYN: the first segment drawn, and the client waits in SYN-SENT.
  const syn = await stepUntil(page, (s) => s.packet?.kind === 'segment', 'the first segment is drawn');
  expect(syn.packet).toMatchObject({ kind: 'segment', from: 'client', flags: ['SYN'] });
  expect(await stateOf(page, 'client')).toBe('SYN-SENT');

  // Both ends established: the client's SYN is acknowledged (SND.UNA = ISS + 1) and its 14 bytes,
  // written as soon as connect() returned, are in flight (SND.NXT = ISS + 15).
  await stepUntil(page, (s) => s.states.client === 'ESTABLISHED' && s.states.server === 'ESTABLISHED');
  const tcb = await tcbOf(page, 'client');
  expect(tcb?.state).toBe('ESTABLISHED');
  expect(tcb === undefined ? [] : [(tcb.sndUna - tcb.iss) >>> 0, (tcb.sndNxt - tcb.iss) >>> 0]).toEqual([1, 15]);

  // The echo: the 14 bytes go out and come back.
  const data = await stepUntil(
    page,
    (s) => s.packet?.kind === 'segment' && s.packet.from === 'server' && s.packet.len > 0,
  );
  expect(data.packet).toMatchObject({ len: 14 });
  const sent = (await segments(page)).filter((s) => s.len > 0);
  expect(sent.map((s) => [s.from, s.len])).toEqual([
    ['client', 14],
    ['server', 14],
  ]);

  // The close: the server closed first, so it is the one that waits in TIME-WAIT (RFC 9293 3.6),
  // until 2*MSL later, the last step, it is CLOSED.
  await stepUntil(page, (s) => s.states.server === 'TIME-WAIT', 'the server in TIME-WAIT');
  expect(await stateOf(page, 'client')).not.toBe('TIME-WAIT');
  const last = await stepTo(page, await totalSteps(page));
  expect(last).toBe(await currentStep(page));
  expect(await stateOf(page, 'server')).toBe('CLOSED');

  // The Trace the page shows, whole: ten segments, as the CLI's `simulate tcp-echo` prints.
  const trace = await exportTrace(page);
  expect(trace.meta.scenario).toBe('tcp-echo');
  expect(trace.events.filter((e) => e.kind === 'segment')).toHaveLength(10);
  expect(await segments(page, { all: true })).toHaveLength(10);
});

test('stepTo goes back as well as forward, and stepUntil names what never happened', async ({ page }) => {
  await openLesson(page, 'udp-echo', { step: 5 });
  expect(await currentStep(page)).toBe(5);
  expect(await stepTo(page, 2)).toBe(2);
  expect(await stepTo(page, 1e9)).toBe(await totalSteps(page));
  await stepTo(page, 0);
  await expect(stepUntil(page, (s) => s.packet?.kind === 'segment', 'a TCP segment')).rejects.toThrow(
    /"a TCP segment" never held, up to the last step/,
  );
});

test('window.wirestep exists only with ?testing=1, and is read-only', async ({ page }) => {
  await page.goto('./?scenario=tcp-echo&lang=en');
  await expect(page.getByTestId('step-counter')).toBeVisible();
  expect(await page.evaluate(() => 'wirestep' in window)).toBe(false);
  await openLesson(page, 'tcp-echo');
  const changed = await page.evaluate(() => {
    try {
      (window.wirestep as unknown as { step: number }).step = 99;
    } catch {
      // strict-mode modules throw on a write to a getter-only property
    }
    return window.wirestep?.step;
  });
  expect(changed).toBe(0);
});

// README "The testing helper": the example, word for word.
test('tcp-echo: the client is established once its SYN is acknowledged', async ({ page }) => {
  await openLesson(page, 'tcp-echo', { seed: 1 });
  const syn = await stepUntil(page, (s) => s.packet?.kind === 'segment', 'the first segment');
  expect(syn.packet).toMatchObject({ from: 'client', flags: ['SYN'] });
  expect(await stateOf(page, 'client')).toBe('SYN-SENT');
  await stepUntil(page, (s) => s.states.client === 'ESTABLISHED' && s.states.server === 'ESTABLISHED');
  const tcb = await tcbOf(page, 'client');
  expect((tcb!.sndUna - tcb!.iss) >>> 0).toBe(1);
  expect((await segments(page)).filter((s) => s.len > 0)).toHaveLength(1);
});
