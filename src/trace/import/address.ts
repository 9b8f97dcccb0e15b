// Address texts as tcpdump prints them: dotted IPv4 and RFC 5952 IPv6 (lower case, no leading
// zeros, the longest run of two or more zero groups shortened to "::").

/** The 16 bytes at `at` as RFC 5952 text; the caller checked that they are there. */
export function formatIpv6(bytes: Uint8Array, at: number): string {
  const groups = new Array<number>(8);
  for (let i = 0; i < 8; i++) groups[i] = ((bytes[at + 2 * i] as number) << 8) | (bytes[at + 2 * i + 1] as number);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.map((g) => g.toString(16)).join(':');
  const head = groups.slice(0, bestStart).map((g) => g.toString(16));
  const tail = groups.slice(bestStart + bestLength).map((g) => g.toString(16));
  return `${head.join(':')}::${tail.join(':')}`;
}

/** "addr:port" as the Trace writes endpoints: IPv6 addresses in brackets. */
export function endpointText(addr: string, port: number): string {
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}
