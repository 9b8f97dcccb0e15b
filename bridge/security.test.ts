import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkUpgrade, generateToken, isAllowedHost, isAllowedOrigin, tokenMatches } from './security';

const port = 5173;
const token = 'a'.repeat(64);

function request(url: string, headers: Record<string, string>): IncomingMessage {
  return { url, headers, rawHeaders: Object.entries(headers).flat() } as unknown as IncomingMessage;
}

const good = { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` };

describe('generateToken', () => {
  it('gives 32 random bytes as hex', () => {
    const a = generateToken();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(generateToken()).not.toBe(a);
  });
});

describe('tokenMatches', () => {
  it('accepts the same token only', () => {
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(`${'a'.repeat(63)}b`, token)).toBe(false);
  });

  it('refuses another length, an empty or a missing token', () => {
    expect(tokenMatches('a'.repeat(63), token)).toBe(false);
    expect(tokenMatches(`${token}a`, token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
    expect(tokenMatches(null, token)).toBe(false);
    expect(tokenMatches(undefined, token)).toBe(false);
  });

  it('compares bytes, so a multi-byte character of the same string length does not match', () => {
    expect(tokenMatches(`${'a'.repeat(63)}é`, token)).toBe(false);
  });
});

describe('isAllowedHost', () => {
  it.each([`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`])('accepts %s', (host) => {
    expect(isAllowedHost(host, port)).toBe(true);
  });

  it.each([
    undefined,
    '',
    '127.0.0.1',
    'localhost',
    `127.0.0.1:${port + 1}`,
    `evil.example:${port}`,
    `localhost.evil.example:${port}`,
    `127.0.0.2:${port}`,
    `0.0.0.0:${port}`,
    `192.168.1.10:${port}`,
  ])('refuses %s', (host) => {
    expect(isAllowedHost(host, port)).toBe(false);
  });
});

describe('isAllowedOrigin', () => {
  it.each([`http://127.0.0.1:${port}`, `http://localhost:${port}`])('accepts %s', (origin) => {
    expect(isAllowedOrigin(origin, port)).toBe(true);
  });

  it.each([
    undefined,
    'null',
    `http://evil.example:${port}`,
    `https://127.0.0.1:${port}`,
    `http://127.0.0.1:${port + 1}`,
    'http://127.0.0.1',
    `http://127.0.0.1:${port}.evil.example`,
  ])('refuses %s', (origin) => {
    expect(isAllowedOrigin(origin, port)).toBe(false);
  });
});

describe('checkUpgrade', () => {
  it('accepts the right path, Host, Origin and token', () => {
    expect(checkUpgrade(request(`/bridge?token=${token}`, good), port, token)).toEqual({ ok: true });
  });

  it('checks the path first, then Host, Origin and token', () => {
    expect(checkUpgrade(request(`/other?token=${token}`, good), port, token)).toMatchObject({ status: 404 });
    expect(checkUpgrade(request(`/bridge?token=${token}`, { ...good, host: 'evil:1' }), port, token)).toMatchObject({
      status: 403,
      reason: 'bad Host header',
    });
    expect(
      checkUpgrade(request(`/bridge?token=${token}`, { ...good, origin: 'http://evil' }), port, token),
    ).toMatchObject({ status: 403, reason: 'bad Origin header' });
    expect(checkUpgrade(request('/bridge', good), port, token)).toMatchObject({ status: 403, reason: /token/ });
  });

  it('refuses a repeated token parameter', () => {
    const url = `/bridge?token=${token}&token=${token}`;
    expect(checkUpgrade(request(url, good), port, token)).toMatchObject({ status: 403 });
  });
});
