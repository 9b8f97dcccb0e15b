import { describe, expect, it } from 'vitest';
import { sampleTrace } from '../trace/test-fixtures';
import {
  encodeMessage,
  maxClientMessageBytes,
  parseBridgeMessage,
  parseClientMessage,
  protocolVersion,
  type BridgeMessage,
  type ClientMessage,
} from './messages';

describe('parseClientMessage', () => {
  it.each<ClientMessage>([
    { type: 'hello', protocol: protocolVersion },
    { type: 'run', scenarioId: 'tcp-echo' },
    { type: 'run', scenarioId: 'tcp-echo', options: { capture: false } },
    { type: 'run', scenarioId: 'tcp-echo', options: { loopback: true } },
    { type: 'run', scenario: { format: 'wirestep-scenario' } },
    { type: 'cancel', runId: 'r1' },
  ])('accepts %j', (message) => {
    expect(parseClientMessage(encodeMessage(message))).toEqual({ ok: true, message });
  });

  it('reports bad JSON without throwing', () => {
    const result = parseClientMessage('{"type": "hello",');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^not valid JSON/);
  });

  it.each([
    ['null', 'expected a JSON object'],
    ['[1]', 'expected a JSON object'],
    ['"hello"', 'expected a JSON object'],
    ['{}', 'missing "type"'],
    ['{"type":"welcome"}', 'unknown message type "welcome"'],
    ['{"type":"hello"}', 'hello: protocol'],
    ['{"type":"hello","protocol":1,"extra":true}', 'hello:'],
    ['{"type":"cancel","runId":""}', 'cancel: runId'],
    ['{"type":"run"}', 'run:'],
    ['{"type":"run","scenarioId":"a","scenario":{}}', 'run:'],
    ['{"type":"run","scenario":[]}', 'run:'],
    ['{"type":"run","scenarioId":"a","options":{"capture":"yes"}}', 'run:'],
  ])('refuses %s', (text, error) => {
    const result = parseClientMessage(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(error);
  });

  it('does not echo a huge unknown type back', () => {
    const result = parseClientMessage(JSON.stringify({ type: 'x'.repeat(10_000) }));
    expect(!result.ok && result.error.length).toBeLessThan(300);
  });

  it('refuses a deeply nested "type" without recursing into it', () => {
    const deep = `{"type":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(parseClientMessage(deep)).toEqual({
      ok: false,
      error: '"type" is an array, not a string; expected one of hello, run, cancel',
    });
    const deepObject = `{"type":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`;
    expect(parseBridgeMessage(deepObject)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^"type" is an object/),
    });
  });

  it('keeps the frame limit small', () => {
    expect(maxClientMessageBytes).toBe(256 * 1024);
  });
});

describe('parseBridgeMessage', () => {
  const trace = sampleTrace();
  const event = trace.events[0];
  if (event === undefined) throw new Error('the sample trace has no events');

  it.each<BridgeMessage>([
    { type: 'welcome', version: '0.1.0', protocol: 1, capabilities: { capture: true, python: true } },
    {
      type: 'welcome',
      version: '0.1.0',
      protocol: 1,
      capabilities: { capture: false, captureReason: 'tcpdump not found: apt-get install tcpdump', python: false },
    },
    {
      type: 'welcome',
      version: '0.1.0',
      protocol: 1,
      capabilities: { capture: true, python: true, link: 'loopback', linkReason: 'network namespaces need root' },
    },
    { type: 'run-started', runId: 'r1' },
    { type: 'trace-event', runId: 'r1', event },
    { type: 'run-status', runId: 'r1', text: { en: 'capturing', fr: 'capture en cours' } },
    { type: 'run-finished', runId: 'r1', trace },
    { type: 'run-failed', runId: 'r1', error: { en: 'failed', fr: 'échec' } },
    { type: 'error', message: 'not valid JSON' },
  ])('accepts $type', (message) => {
    expect(parseBridgeMessage(encodeMessage(message))).toEqual({ ok: true, message });
  });

  it('validates the whole trace of a finished run', () => {
    const bad = { ...trace, events: [{ ...event, t: -1 }] };
    const result = parseBridgeMessage(JSON.stringify({ type: 'run-finished', runId: 'r1', trace: bad }));
    expect(!result.ok && result.error).toMatch(/^run-finished: invalid trace: \$\.events\[0\]\.t/);
  });

  it('refuses an event of an unknown kind', () => {
    const result = parseBridgeMessage(JSON.stringify({ type: 'trace-event', runId: 'r1', event: { kind: 'x', t: 0 } }));
    expect(result.ok).toBe(false);
  });

  it('refuses client messages and bad JSON', () => {
    expect(parseBridgeMessage('{"type":"hello","protocol":1}').ok).toBe(false);
    expect(parseBridgeMessage('not json').ok).toBe(false);
  });
});
