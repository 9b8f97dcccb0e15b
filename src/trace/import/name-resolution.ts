// pcapng Name Resolution Blocks (draft-ietf-opsawg-pcapng, "Name Resolution Block"): the names a
// capture tool resolved while capturing (Wireshark's "Resolve network addresses" saved with the
// file), so the hosts of an imported capture can be called by name. Each record is a type (1:
// IPv4, 2: IPv6, 0: end), a length and a value padded to 4 bytes: the address, then one or more
// zero-terminated names; the first name is kept. Bounded and never throws: a malformed record
// ends the block.
import { formatIpv6 } from './address';
import { captureLimits } from './types';

const recordEnd = 0;
const recordIpv4 = 1;
const recordIpv6 = 2;

/** Adds the block's (address, first name) pairs to `names`, up to captureLimits.maxResolvedNames. */
export function readNameResolution(
  bytes: Uint8Array,
  view: DataView,
  body: number,
  bodyEnd: number,
  littleEndian: boolean,
  names: Map<string, string>,
): void {
  for (let p = body; p + 4 <= bodyEnd;) {
    const type = view.getUint16(p, littleEndian);
    const size = view.getUint16(p + 2, littleEndian);
    const value = p + 4;
    if (type === recordEnd || value + size > bodyEnd) return;
    const addressBytes = type === recordIpv4 ? 4 : type === recordIpv6 ? 16 : 0;
    if (addressBytes > 0 && size > addressBytes && names.size < captureLimits.maxResolvedNames) {
      const address =
        type === recordIpv4 ? Array.from(bytes.subarray(value, value + 4)).join('.') : formatIpv6(bytes, value);
      const name = firstName(bytes, value + addressBytes, value + size);
      if (name !== undefined && !names.has(address)) names.set(address, name);
    }
    p = value + size + ((4 - (size % 4)) % 4);
  }
}

/** The zero-terminated name at `from`, when it is a host name in printable ASCII of a sane length. */
function firstName(bytes: Uint8Array, from: number, end: number): string | undefined {
  let text = '';
  for (let p = from; p < end; p++) {
    const byte = bytes[p] as number;
    if (byte === 0) break;
    // Printable ASCII without space (host names, RFC 1123 2.1, and the odd underscore).
    if (byte < 0x21 || byte > 0x7e || text.length >= captureLimits.maxResolvedNameChars) return undefined;
    text += String.fromCharCode(byte);
  }
  return text.length > 0 ? text : undefined;
}
