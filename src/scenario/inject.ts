// The `inject` fault rule ("Break it yourself", issue 13: craft a segment): a segment forged with
// the peer's address and port arrives at a connection at a given moment, as an off-path attacker
// would send it (RFC 5961 1.2). Its numbers are written relative to the receiving connection as it
// is at that moment (RCV.NXT, the right edge of its window, the ISNs), so a rule in a lesson file
// means the same segment at every run, whatever ISNs the seed chose.
import { z } from 'zod';
import { dataSpecBytes } from './limits';

const hostName = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'expected a lower-case host name');
const port = z.number().int().min(1).max(65535);
const uint32 = z.number().int().min(0).max(0xffffffff);
const offset = z.number().int().min(-0x7fffffff).max(0x7fffffff);

/** Where a crafted sequence number counts from, on the receiving socket at `atMs`. */
export const SEQ_BASES = ['rcv.nxt', 'rcv.end', 'irs'] as const;
/** Where a crafted acknowledgment number counts from, on the receiving socket at `atMs`. */
export const ACK_BASES = ['snd.nxt', 'snd.una', 'iss'] as const;
export type SeqBase = (typeof SEQ_BASES)[number];
export type AckBase = (typeof ACK_BASES)[number];

export const INJECT_FLAGS = ['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG'] as const;

/** Longest crafted payload: one Ethernet MSS, and short enough for a share link. */
export const maxInjectDataBytes = 1460;

export const injectRuleSchema = z
  .strictObject({
    type: z.literal('inject'),
    /** When the crafted segment arrives at `to` (ms of virtual time). */
    atMs: z.number().min(0).max(86_400_000),
    /** The host whose address and port the segment pretends to come from (the connection's peer). */
    from: hostName,
    /** The host that receives it. */
    to: hostName,
    /** The connection's ports, when `to` has more than one connection with `from`. */
    fromPort: port.optional(),
    toPort: port.optional(),
    flags: z.array(z.enum(INJECT_FLAGS)).min(1).max(INJECT_FLAGS.length),
    /** An absolute number, or an offset from RCV.NXT, from RCV.NXT + RCV.WND, or from the peer's ISN. */
    seq: z.union([uint32, z.strictObject({ rel: z.enum(SEQ_BASES), offset })]),
    /** Only with the ACK flag; SND.NXT when left out. */
    ack: z.union([uint32, z.strictObject({ rel: z.enum(ACK_BASES), offset })]).optional(),
    /** The payload, as text (UTF-8). */
    data: z.string().max(maxInjectDataBytes).optional(),
    /** The window field, in bytes; the peer's last announced window when left out. */
    window: z.number().int().min(0).max(0x3fffffff).optional(),
  })
  .refine((rule) => rule.from !== rule.to, { message: 'a crafted segment goes to another host', path: ['to'] })
  .refine((rule) => rule.ack === undefined || rule.flags.includes('ACK'), {
    message: 'an acknowledgment number needs the ACK flag',
    path: ['ack'],
  })
  .refine((rule) => dataSpecBytes(rule.data ?? '') <= maxInjectDataBytes, {
    message: 'at most 1460 bytes of data', // maxInjectDataBytes
    path: ['data'],
  });

export type InjectRule = z.infer<typeof injectRuleSchema>;
