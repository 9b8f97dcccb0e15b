import { describe, expect, it } from 'vitest';
import { parseCommandLine, usage } from './args';
import { UsageError } from './errors';

function usageError(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

describe('parseCommandLine', () => {
  it('parses the commands without options', () => {
    expect(parseCommandLine(['scenarios'])).toEqual({ name: 'scenarios' });
    expect(parseCommandLine(['bench'])).toEqual({ name: 'bench' });
  });

  it.each([['help'], ['--help'], ['-h'], ['simulate', '--help'], ['scenarios', '-h']])(
    'reads %j as help',
    (...argv) => {
      expect(parseCommandLine(argv)).toEqual({ name: 'help' });
    },
  );

  it('parses simulate with every option', () => {
    const argv = ['simulate', 'tcp-echo', '--seed', '42', '--loss', '0.25', '--latency-ms=12.5', '--profile', 'rfc'];
    expect(parseCommandLine(argv)).toEqual({
      name: 'simulate',
      target: 'tcp-echo',
      options: { seed: 42, lossProbability: 0.25, latencyMs: 12.5, profile: 'rfc' },
    });
  });

  it('parses capture --out FILE and compare --out DIR', () => {
    expect(parseCommandLine(['capture', 'tcp-echo', '--out', 'echo.json'])).toEqual({
      name: 'capture',
      target: 'tcp-echo',
      options: { out: 'echo.json' },
    });
    expect(parseCommandLine(['compare', 'nagle', '--out', 'reports/nagle', '--port-offset', '100'])).toEqual({
      name: 'compare',
      target: 'nagle',
      options: { out: 'reports/nagle', portOffset: 100 },
    });
    expect(usage).toContain('--out DIR');
    // Under the lesson's link is the default: --link says it, --loopback forces loopback.
    expect(parseCommandLine(['capture', 'tcp-retransmission', '--link'])).toEqual({
      name: 'capture',
      target: 'tcp-retransmission',
      options: {},
    });
    expect(parseCommandLine(['compare', 'nagle', '--loopback'])).toEqual({
      name: 'compare',
      target: 'nagle',
      options: { loopback: true },
    });
    expect(() => parseCommandLine(['capture', 'tcp-echo', '--link', '--loopback'])).toThrow(/contradict/);
  });

  it('accepts options before the target and the bounds themselves', () => {
    expect(
      parseCommandLine(['simulate', '--loss', '1', 'x.json', '--seed', '4294967295', '--latency-ms', '0']),
    ).toEqual({
      name: 'simulate',
      target: 'x.json',
      options: { seed: 4294967295, lossProbability: 1, latencyMs: 0 },
    });
    expect(parseCommandLine(['simulate', 'tcp-echo', '--loss', '0'])).toMatchObject({
      options: { lossProbability: 0 },
    });
  });

  it('leaves unset options out', () => {
    expect(parseCommandLine(['simulate', 'tcp-echo'])).toEqual({ name: 'simulate', target: 'tcp-echo', options: {} });
  });

  it.each([
    [[], 'missing command; run "help" for the list of commands'],
    [['simulat'], 'unknown command "simulat"; run "help" for the list of commands'],
    [['--seed', '1'], 'expected a command before --seed; run "help" for usage'],
    [['simulate'], 'simulate needs a scenario id or a file.json'],
    [['simulate', 'a', 'b'], 'unexpected argument "b" for simulate'],
    [['scenarios', 'all'], 'unexpected argument "all" for scenarios'],
    [['scenarios', '--json'], 'unknown option --json for scenarios; run "help" for usage'],
    [['simulate', 'tcp-echo', '--speed', '2'], 'unknown option --speed for simulate; run "help" for usage'],
    [['simulate', 'tcp-echo', '--seed'], '--seed needs a value'],
    [
      ['simulate', 'tcp-echo', '--seed', '-1'],
      '--seed needs a value (write --seed=VALUE for a value that starts with "-")',
    ],
    [['simulate', 'tcp-echo', '--seed=-1'], '--seed must be an integer from 0 to 4294967295, got "-1"'],
    [['simulate', 'tcp-echo', '--seed', 'abc'], '--seed must be an integer from 0 to 4294967295, got "abc"'],
    [['simulate', 'tcp-echo', '--seed', '1.5'], '--seed must be an integer from 0 to 4294967295, got "1.5"'],
    [
      ['simulate', 'tcp-echo', '--seed', '4294967296'],
      '--seed must be an integer from 0 to 4294967295, got "4294967296"',
    ],
    [['simulate', 'tcp-echo', '--loss', '1.5'], '--loss must be a probability between 0 and 1, got 1.5'],
    [['simulate', 'tcp-echo', '--loss=-0.1'], '--loss must be a probability between 0 and 1, got -0.1'],
    [['simulate', 'tcp-echo', '--loss', 'half'], '--loss must be a number, got "half"'],
    [['simulate', 'tcp-echo', '--loss', ''], '--loss must be a number, got ""'],
    [['simulate', 'tcp-echo', '--latency-ms', 'NaN'], '--latency-ms must be a number, got "NaN"'],
    [['simulate', 'tcp-echo', '--latency-ms', '1e9'], '--latency-ms must be between 0 and 60000, got 1e9'],
    [['simulate', 'tcp-echo', '--profile', 'bsd'], 'unknown profile "bsd"; expected linux or rfc'],
  ])('rejects %j', (argv, message) => {
    expect(usageError(argv)).toBe(message);
  });

  it('parses import and its --name flags as the importer keys them', () => {
    expect(parseCommandLine(['import', 'a.pcap'])).toEqual({ name: 'import', file: 'a.pcap', names: {} });
    const argv = ['import', 'a.pcapng', '--name', '127.0.0.1:41001=server', '--name=10.0.0.2= client '];
    argv.push('--name', '[2001:DB8:0:0:1:0:0:1]:80=web', '--name', '0:0::1=local');
    expect(parseCommandLine(argv)).toEqual({
      name: 'import',
      file: 'a.pcapng',
      names: {
        '127.0.0.1:41001': 'server',
        '10.0.0.2': 'client',
        '[2001:db8::1:0:0:1]:80': 'web',
        '::1': 'local',
      },
    });
  });

  it.each([
    [['import'], 'import needs a file (.pcap, .pcapng or a Trace .json)'],
    [['import', 'a.pcap', 'b.pcap'], 'unexpected argument "b.pcap" for import'],
    [['import', 'a.pcap', '--name'], '--name needs a value'],
    [['import', 'a.pcap', '--name', 'server'], '--name expects ADDR:PORT=LABEL or ADDR=LABEL, got "server"'],
    [['import', 'a.pcap', '--name', '10.0.0.1='], '--name expects ADDR:PORT=LABEL or ADDR=LABEL, got "10.0.0.1="'],
    [
      ['import', 'a.pcap', '--name', 'host:80=web'],
      '--name: "host:80" is not an address or address:port (write an IPv6 endpoint as [ADDR]:PORT)',
    ],
    [
      ['import', 'a.pcap', '--name', '10.0.0.256=x'],
      '--name: "10.0.0.256" is not an address or address:port (write an IPv6 endpoint as [ADDR]:PORT)',
    ],
    [['import', 'a.pcap', '--name', '10.0.0.1:65536=x'], '--name: port 65536 is above 65535'],
    [['import', 'a.pcap', '--name', '10.0.0.1=a', '--name', '10.0.0.1=b'], '--name: 10.0.0.1 is named twice'],
  ])('rejects %j', (argv, message) => {
    expect(usageError(argv)).toBe(message);
  });

  it('lists import in the usage and no command as planned', () => {
    expect(usage).toContain('import <file>');
    expect(usage).toContain('--name ADDR:PORT=LABEL');
    expect(usage).not.toMatch(/not available/i);
  });
});
