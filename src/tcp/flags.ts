// TCP control bits (RFC 9293 3.1): their header values and the names the Trace spells them by.
// A leaf of the protocol vocabulary: the simulator, the importer and the Trace all read it.

export const TCP_FLAGS = ['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG'] as const;
export type TcpFlag = (typeof TCP_FLAGS)[number];

/** TCP header bits with their real values (RFC 9293 3.1). */
export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;
export const URG = 0x20;

const flagOrder: readonly [number, TcpFlag][] = [
  [SYN, 'SYN'],
  [FIN, 'FIN'],
  [RST, 'RST'],
  [PSH, 'PSH'],
  [ACK, 'ACK'],
  [URG, 'URG'],
];

const flagNameCache = new Map<number, readonly TcpFlag[]>();

/** The flag names of a header, shared per combination (trace events never mutate them). */
export function flagNames(bits: number): TcpFlag[] {
  let names = flagNameCache.get(bits);
  if (names === undefined) {
    const out: TcpFlag[] = [];
    for (const [bit, name] of flagOrder) if (bits & bit) out.push(name);
    names = Object.freeze(out);
    flagNameCache.set(bits, names);
  }
  return names as TcpFlag[];
}

export function flagBits(names: readonly TcpFlag[]): number {
  let bits = 0;
  for (const [bit, name] of flagOrder) if (names.includes(name)) bits |= bit;
  return bits;
}
