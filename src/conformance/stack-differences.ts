// Where the FreeBSD scripts expect FreeBSD's choice, written down rather than hidden. Two lists:
// `RULES` are tolerances the peer applies line by line (and names in each result's
// `differences`); `DIFFERENCES` are whole failures, matched by script name and by what the
// failing line expected and got. A failure that no entry explains fails the conformance test.
// kind 'stack': the script follows another stack's choice; kind 'gap': the simulator falls short
// of the RFC it claims, left for src/sim/tcp/socket.ts (listed so the suite stays green meanwhile).
import type { ProfileName } from '../sim/profiles';

export interface Rule {
  id: string;
  /** What the script expects. */
  script: string;
  /** What the simulator does, and on what authority. */
  simulator: string;
}

export const RULES: readonly Rule[] = [
  {
    id: 'window-size',
    script: 'FreeBSD offers its whole receive buffer, 65535 bytes in a header without window scaling.',
    simulator:
      'The profile’s window (linux: tcp_select_initial_window’s 64240 and what follows from it). Open windows of another size pass; an open window against a zero one fails.',
  },
  {
    id: 'buffer-size-so_rcvbuf',
    script: 'getsockopt(SO_RCVBUF) reads 65700 once connected: FreeBSD rounds the buffer up to a multiple of the MSS.',
    simulator:
      'The buffer keeps the size it was given (net.inet.tcp.recvspace, 65536); the value read back is not checked.',
  },
  {
    id: 'buffer-size-so_sndbuf',
    script: 'getsockopt(SO_SNDBUF) reads FreeBSD’s autosized send buffer.',
    simulator: 'The buffer keeps the size it was given; the value read back is not checked.',
  },
  {
    id: 'tcp-options',
    script: 'FreeBSD’s SYNs offer window scale 6, SACK-permitted and timestamps (RFC 7323, RFC 2018).',
    simulator:
      'The MSS is compared; which of the others a SYN offers, and the shift, are each stack’s choice (linux: Linux’s defaults with shift 10; rfc: MSS only), named here rather than failed. Timestamp values are never compared.',
  },
  {
    id: 'sysctl <name>=<value>',
    script:
      'The script sets a FreeBSD behaviour switch away from its default (insecure_rst, insecure_syn, drop_synfin, blackhole).',
    simulator:
      'The simulator has one behaviour for each (the RFC’s or Linux’s); the script runs as is and DIFFERENCES judges what it expects.',
  },
];

export interface Difference {
  id: string;
  kind: 'stack' | 'gap';
  /** The ends of script paths (`dir/name.pkt`), with `*` for any characters. */
  scripts: readonly string[];
  /** The failing line's `expected` and `got` (regular expressions); absent matches anything. */
  expected?: RegExp;
  got?: RegExp;
  /** Only under these profiles (default: every profile). */
  profiles?: readonly ProfileName[];
  script: string;
  simulator: string;
}

/** The first entry that matches explains a failure, so the narrower entries come first. */
export const DIFFERENCES: readonly Difference[] = [
  {
    id: 'linux-reset-after-fin',
    kind: 'stack',
    profiles: ['linux'],
    scripts: ['rcv-rst-close-wait/*outside-left*', 'rcv-rst-last-ack/*outside-left*'],
    expected: /^\[0\]/,
    got: /\[EPIPE\]|\[ECONNRESET\]/,
    script: 'A reset at RCV.NXT - 1 is left of the window and dropped silently (RFC 5961 3.2).',
    simulator:
      'Linux tcp_reset_check: after the peer’s FIN (CLOSE-WAIT, LAST-ACK, CLOSING) a reset at RCV.NXT - 1, the FIN’s own number, resets the connection (macOS sends its RST at the number of its FIN).',
  },
  {
    id: 'epipe-in-close-wait',
    kind: 'stack',
    profiles: ['linux'],
    scripts: ['rcv-rst-close-wait/*'],
    expected: /\[ECONNRESET\]/,
    got: /\[EPIPE\]/,
    script: 'A reset in CLOSE-WAIT is reported as ECONNRESET.',
    simulator: 'Linux tcp_reset reports EPIPE in CLOSE-WAIT.',
  },
  {
    id: 'rfc793-reset',
    kind: 'stack',
    scripts: ['rcv-rst-*-insecure-*'],
    expected: /\[ECONNRESET\]|\[ECONNREFUSED\]|sockets in SYN_RCVD/,
    got: /^\[0\]|sockets in SYN_RCVD/,
    script: 'net.inet.tcp.insecure_rst=1: RFC 793 3.4, any reset inside the window resets the connection.',
    simulator:
      'RFC 5961 3.2: only a reset at exactly RCV.NXT resets; one elsewhere in the window gets a challenge ACK (as Linux tcp_validate_incoming).',
  },
  {
    id: 'rfc793-syn',
    kind: 'stack',
    scripts: ['rcv-syn-*-insecure*'],
    expected: /^R\. /,
    got: /^\. /,
    script: 'net.inet.tcp.insecure_syn=1: RFC 793 3.9, a SYN inside the window resets the connection.',
    simulator: 'RFC 5961 4.2: a SYN in a synchronized state gets a challenge ACK (as Linux).',
  },
  {
    id: 'rfc1337-time-wait',
    kind: 'stack',
    scripts: ['rcv-rst-time-wait/*', 'rcv-rst-ack-time-wait/*'],
    expected: /sockets in TIME_WAIT/,
    script: 'FreeBSD ignores a reset in TIME-WAIT (RFC 1337’s remedy for TIME-WAIT assassination, tcp_twcheck).',
    simulator: 'RFC 9293 3.10.7.4: a reset in TIME-WAIT closes the connection (as Linux with net.ipv4.tcp_rfc1337=0).',
  },
  {
    id: 'fin-again-in-closing',
    kind: 'stack',
    scripts: ['rcv-*-closing/*'],
    expected: /^F\. 1:1\(0\) ack 2/,
    got: /^\. 2:2\(0\) ack 2/,
    script: 'FreeBSD answers the peer’s FIN in FIN-WAIT-1 by sending its own unacknowledged FIN again, with the ACK.',
    simulator:
      'RFC 9293 3.10.7.4 eighth step: a pure acknowledgment of the FIN (as Linux); its FIN is retransmitted by the timer.',
  },
  {
    id: 'freebsd-window-edge',
    kind: 'stack',
    scripts: ['*right-edge*-secure-*'],
    expected: /^\. \d+:\d+\(0\) ack \d+/,
    script:
      'The right edge is RCV.NXT + 65700 (or 65536 in SYN-RECEIVED): FreeBSD’s window is its buffer, larger than the 65535 a header without window scaling can advertise, so a reset or SYN there gets a challenge ACK.',
    simulator:
      'The window ends where the simulator’s own window ends: the segment is outside it and dropped (RFC 5961 3.2, 4.2).',
  },
  {
    id: 'no-ack-without-ack-bit-in-time-wait',
    kind: 'stack',
    scripts: ['rcv-fin-time-wait/*'],
    expected: /^\. 2:2\(0\) ack 2/,
    got: /^\. 2:2\(0\) ack 2/,
    script: 'FreeBSD drops a segment without the ACK bit in TIME-WAIT silently (tcp_twcheck tests the ACK bit first).',
    simulator:
      'RFC 9293 3.10.7.4 tests the sequence number first and acknowledges an unacceptable segment: an ACK the script does not expect.',
  },
  {
    id: 'drop-synfin',
    kind: 'stack',
    scripts: ['*dropping-enabled*'],
    script: 'net.inet.tcp.drop_synfin=1: FreeBSD drops a segment with both SYN and FIN.',
    simulator: 'No such rule in RFC 9293 (nor in Linux): SYN,FIN is processed as a SYN, the FIN after it.',
  },
  {
    id: 'syn-ack-to-listener',
    kind: 'stack',
    scripts: ['rcv-syn-ack-listen/rcv-syn-ack-with-data-listen*'],
    expected: /^S\. /,
    got: /^R /,
    script: 'FreeBSD sends nothing for a SYN,ACK reaching a listening socket.',
    simulator: 'RFC 9293 3.10.7.2: any acknowledgment in LISTEN gets <SEQ=SEG.ACK><CTL=RST> (as Linux).',
  },
  {
    id: 'fin-on-syn-ignored',
    kind: 'stack',
    scripts: ['rcv-syn-fin-syn-sent/rcv-syn-fin-with-data-syn-sent-dropping-disabled*'],
    expected: /ack 4/,
    got: /ack 5/,
    script: 'FreeBSD keeps the text of a SYN,FIN in SYN-SENT but not its FIN: its FIN later acknowledges 3 bytes only.',
    simulator:
      'RFC 9293 3.10.7.3: controls on the SYN are queued with its text and processed once ESTABLISHED, so the FIN is acknowledged too (ack 5).',
  },
  {
    id: 'quick-ack-of-first-data',
    kind: 'stack',
    profiles: ['linux'],
    scripts: ['rcv-syn-syn-sent/rcv-syn-with-data-*'],
    expected: /^F\. /,
    got: /^\. /,
    script: 'FreeBSD delays the ACK of the text that came on the SYN, so its FIN carries it.',
    simulator:
      'Linux acknowledges the first data of a connection at once (quick-ACK mode, tcp_incr_quickack); the FIN follows on its own.',
  },
];

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`(^|/)${body}$`); // matched against the path's end, whatever the root
}

const compiled = new Map<Difference, RegExp[]>();

/** The entry that explains a failure of `path` (relative to the suite), if one does. */
export function explain(
  path: string,
  failure: { expected?: string | undefined; got?: string | undefined },
  profile: ProfileName,
): Difference | undefined {
  return DIFFERENCES.find((d) => {
    let patterns = compiled.get(d);
    if (!patterns) compiled.set(d, (patterns = d.scripts.map(globToRegExp)));
    if (!patterns.some((p) => p.test(path))) return false;
    if (d.profiles && !d.profiles.includes(profile)) return false;
    if (d.expected && !d.expected.test(failure.expected ?? '')) return false;
    return !d.got || d.got.test(failure.got ?? '');
  });
}
