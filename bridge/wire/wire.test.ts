// The wire's routing and fault logic (bridge/wire/wire.py), driven directly through python3: no
// namespace, no TUN, no root. Each case runs a few lines against wire.py's pure functions and
// reads back JSON.
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

function py(code: string): unknown {
  const program = `import json, sys\nsys.path.insert(0, ${JSON.stringify(here)})\nfrom wire import *\n${code}`;
  return JSON.parse(execFileSync('python3', ['-c', program], { encoding: 'utf8', timeout: 10_000 }));
}

// A host sending: the packet's fields as parse_ipv4 gives them.
const tcp = (src: string, dst: string, flags: number, dataLen: number): string =>
  `{'src': '${src}', 'dst': '${dst}', 'proto': 'tcp', 'flags': ${flags}, 'dataLen': ${dataLen}, 'size': ${40 + dataLen}}`;
const hosts = `[{'name': 'server', 'addr': '10.0.0.1'}, {'name': 'client', 'addr': '10.0.0.2'}, {'name': 'nas', 'addr': '10.0.0.3'}]`;

describe('the wire (wire.py)', () => {
  it('reads the routing fields of a real IPv4/TCP header', () => {
    // 10.0.0.2 -> 10.0.0.1, TCP, SYN, 20-byte header + 5 bytes of data.
    const header =
      '450000 2d 0000 4000 40 06 0000 0a000002 0a000001 a4b1 1f90 00000001 00000000 50 02 faf0 0000 0000 6869686968';
    const info = py(`print(json.dumps(parse_ipv4(bytes.fromhex('${header.replace(/ /g, '')}'))))`);
    expect(info).toEqual({ src: '10.0.0.2', dst: '10.0.0.1', proto: 'tcp', flags: 2, dataLen: 5, size: 45 });
    expect(py(`print(json.dumps(parse_ipv4(bytes.fromhex('6000000000000000'))))`)).toBeNull(); // IPv6: not carried
  });

  it('drops the nth packet of a direction that matches the rule, and only that one', () => {
    const result = py(`
f = Faults([{'type': 'drop', 'from': 'client', 'to': 'server', 'nth': 1, 'flags': ['SYN']},
            {'type': 'drop', 'from': 'client', 'to': 'server', 'nth': [2, 3], 'hasData': True}])
syn, ack, data = ${tcp('10.0.0.2', '10.0.0.1', 2, 0)}, ${tcp('10.0.0.2', '10.0.0.1', 16, 0)}, ${tcp('10.0.0.2', '10.0.0.1', 24, 6)}
print(json.dumps([f.drop_rule(syn, 'client', 'server'), f.drop_rule(syn, 'client', 'server'),
  f.drop_rule(ack, 'client', 'server'), f.drop_rule(data, 'server', 'client'),
  f.drop_rule(data, 'client', 'server'), f.drop_rule(data, 'client', 'server'), f.drop_rule(data, 'client', 'server'),
  f.drop_rule(data, 'client', 'server')]))`);
    // The first SYN (rule 1); its resend passes; pure ACKs and the other direction never count;
    // then the 2nd and 3rd data segments (rule 2), not the 1st nor the 4th.
    expect(result).toEqual([0, null, null, null, null, 1, 1, null]);
  });

  it('delays and duplicates as the simulator does: later, a copy one latency after, the rules named', () => {
    const result = py(`
r = Router({'hosts': ${hosts}, 'link': {'latencyMs': 5}, 'faults': [
  {'type': 'delay', 'from': 'client', 'to': 'server', 'nth': 2, 'ms': 50},
  {'type': 'duplicate', 'from': 'client', 'to': 'server', 'nth': [2, 4]},
  {'type': 'drop', 'from': 'client', 'to': 'server', 'nth': 3},
  {'type': 'delay', 'from': 'client', 'to': 'server', 'nth': 3, 'ms': 20}]})
data = ${tcp('10.0.0.2', '10.0.0.1', 24, 6)}
print(json.dumps([r.route(data, 'client', t) for t in (0, 1000, 2000, 3000, 4000)]))`);
    expect(result).toEqual([
      [[['server', 5000]], []],
      // Delayed 50 ms by rule 1, and a copy (rule 2) one latency later, delayed too.
      [
        [
          ['server', 56000, 'fault rule 1'],
          ['server', 61000, 'fault rule 1, fault rule 2'],
        ],
        [],
      ],
      [[], [['server', 'fault rule 3']]],
      // The drop took the third packet from rule 4, whose third is this fourth one, rule 2's fourth.
      [
        [
          ['server', 28000, 'fault rule 4'],
          ['server', 33000, 'fault rule 2, fault rule 4'],
        ],
        [],
      ],
      [[['server', 9000]], []],
    ]);
  });

  it('delivers a subnet broadcast to every other host, and nothing to or from a crashed host', () => {
    const result = py(`
r = Router({'hosts': ${hosts}, 'link': {'latencyMs': 5}, 'faults': [{'type': 'crash', 'host': 'nas', 'atMs': 100}]})
b = {'src': '10.0.0.2', 'dst': '10.0.0.255', 'proto': 'udp', 'flags': 0, 'dataLen': 8, 'size': 36}
before = r.route(b, 'client', 1000)
r.faults.start_us = 0
early = r.route(b, 'client', 50_000)
late = r.route(b, 'client', 100_000)
print(json.dumps([before, early, late, r.route(dict(b, dst='10.0.0.9'), 'client', 0)]))`);
    expect(result).toEqual([
      [
        [
          ['server', 6000],
          ['nas', 6000],
        ],
        [],
      ],
      [
        [
          ['server', 55000],
          ['nas', 55000],
        ],
        [],
      ],
      [[['server', 105000]], [['nas', 'host down']]],
      [[], [['10.0.0.9', 'no host at 10.0.0.9']]],
    ]);
  });

  it('applies latency, bandwidth, loss and duplication per direction, and the same seed gives the same fates', () => {
    const result = py(`
d = Direction(link_config({'latencyMs': 5, 'bandwidthKbps': 1000}), 1)
# 1500 bytes at 1 Mbit/s: 12 ms on the wire, and the second waits for the first (link.ts carry).
timing = [d.carry(0, 1500), d.carry(0, 1500)]
lost = Direction(link_config({'lossProbability': 1}), 1).carry(0, 100)
dup = Direction(link_config({'duplicateProbability': 1, 'latencyMs': 2}), 1).carry(0, 100)
def fates(seed):
    d = Direction(link_config({'lossProbability': 0.3, 'jitterMs': 3}), seed)
    return [d.carry(i * 1000, 100) for i in range(40)]
print(json.dumps([timing, lost, dup, fates(7) == fates(7), fates(7) == fates(8), sum(f is None for f in fates(7))]))`);
    const [timing, lost, dup, same, differs, losses] = result as [number[][], null, number[], boolean, boolean, number];
    expect(timing).toEqual([[17000], [29000]]);
    expect(lost).toBeNull();
    expect(dup).toEqual([2000, 2001]);
    expect(same).toBe(true);
    expect(differs).toBe(false);
    expect(losses).toBeGreaterThan(4);
    expect(losses).toBeLessThan(20);
  });

  it('gives each host the smallest MTU of its links, per direction from `links`', () => {
    const result = py(`
r = Router({'hosts': ${hosts}, 'link': {'mtuBytes': 1400},
  'links': [{'from': 'client', 'to': 'server', 'options': {'mtuBytes': 576, 'latencyMs': 20}}]})
print(json.dumps([r.mtu('client'), r.mtu('server'), r.directions[('client', 'server')].config['latencyUs'],
  r.directions[('server', 'client')].config['latencyUs']]))`);
    expect(result).toEqual([576, 1400, 20000, 1000]);
  });

  it('gives concurrent wires distinct subnets, and frees one the moment its holder closes it', () => {
    // flock conflicts between two open file descriptions, in one process too: as between two wires.
    const result = py(`
import tempfile
d = tempfile.mkdtemp()
a, fa = claim_subnet([d])
b, fb = claim_subnet([d])
os.close(fa)
c, fc = claim_subnet([d])
print(json.dumps([a, b, c, in_subnet('10.0.0.7', b), in_subnet('10.0.0.255', 3)]))`);
    expect(result).toEqual([0, 1, 0, '10.0.1.7', '10.0.3.255']);
  });
});
