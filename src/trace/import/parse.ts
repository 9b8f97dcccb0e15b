// pcap and pcapng containers: records and blocks, each length checked against the bytes that
// are really there and against captureLimits before it is used. Bad input never throws: the
// packets read so far come back with `error` naming the byte offset and the problem (in English
// and French, messages.ts). Every loop advances its offset by at least one record header, so no
// input makes it spin.
import type { LocalizedText } from '../types';
import { PacketDecoder } from './decode';
import { keepShapes } from './kept-shapes';
import { fileErrors as errors } from './messages';
import { readNameResolution } from './name-resolution';
import {
  captureLimits,
  type CaptureResult,
  type CaptureSummary,
  type DecodedPacket,
  type ParseError,
  type ParseOptions,
} from './types';

const pcapHeaderBytes = 24;
const pcapRecordHeaderBytes = 16;
const pcapngSectionHeader = 0x0a0d0d0a;
const pcapngByteOrderMagic = 0x1a2b3c4d;
const blockInterfaceDescription = 1;
const blockObsoletePacket = 2;
const blockSimplePacket = 3;
const blockNameResolution = 4;
const blockEnhancedPacket = 6;
const optionTimestampResolution = 9;
const optionTimestampOffset = 14;
/** Read per record: copied once (an imported binding is a getter under tsx, infer.ts). */
const { maxRecordBytes } = captureLimits;
/** How often (in packets) onProgress hears from the parser. */
const progressEvery = 16_384;

/** Parses a pcap or pcapng file held in memory. Never throws for bad input. */
export function parseCapture(bytes: Uint8Array, options: ParseOptions = {}): CaptureResult {
  const packets: DecodedPacket[] = [];
  return withPackets(
    scanCapture(bytes, options, (packet) => void packets.push(packet)),
    packets,
  );
}

/**
 * Decodes the file packet by packet, handing each to `visit` as soon as it is decoded and keeping
 * none (issue 15: memory in proportion to the file), and returns what the file held besides its
 * packets. The same packets, in the same order, as parseCapture (with `payloads: false`, every
 * payload empty). Never throws for bad input; an exception thrown by `visit` is the caller's and
 * goes back to it.
 */
export function scanCapture(
  bytes: Uint8Array,
  options: ParseOptions,
  visit: (packet: DecodedPacket) => void,
  { payloads = true, reuse = false }: ScanOptions = {},
): CaptureSummary {
  const maxBytes = Math.min(options.maxBytes ?? captureLimits.maxFileBytes, captureLimits.maxFileBytes);
  const maxPackets = Math.min(options.maxPackets ?? captureLimits.maxPackets, captureLimits.maxPackets);
  const reader = new Reader(bytes, maxBytes, maxPackets, options.onProgress, visit, { payloads, reuse });
  try {
    reader.run();
  } catch (error) {
    if (error instanceof VisitFailed) throw error.cause;
    // A decoder bug must not take the caller down with it: report it as an error at the
    // record being read, keeping the packets before it.
    reader.fail(reader.recordOffset, errors.internalError((error as Error).message));
  }
  options.onProgress?.(1);
  return reader.result();
}

export interface ScanOptions {
  /** False: every payload left empty (its length is still `len`). */
  payloads?: boolean;
  /**
   * True: the visitor gets the same packet object (and the same IP and TCP/UDP header objects)
   * filled anew for each record, valid only until it returns, with the payload given by its place
   * in the file (`payloadAt`, `payloadEnd`) instead of a view and IPv4 addresses also as numbers
   * (`srcValue`, `dstValue`); the TCP options are the packet's own unless `payloads` is off (decode.ts). No allocation per packet but the options (issue 9
   * throughput, issue 15 memory: a SYN flood's garbage was what filled the heap).
   */
  reuse?: boolean;
}

/** The summary's keys in CaptureResult's order, the packets in their place. */
function withPackets(summary: CaptureSummary, packets: DecodedPacket[]): CaptureResult {
  const result: CaptureResult = {
    format: summary.format,
    packets,
    linkTypes: summary.linkTypes,
    bytesRead: summary.bytesRead,
  };
  if (summary.names !== undefined) result.names = summary.names;
  if (summary.error !== undefined) result.error = summary.error;
  return result;
}

/** An exception of the visitor, carried past the reader's own catch. */
class VisitFailed {
  constructor(readonly cause: unknown) {}
}

interface Interface {
  linkType: number;
  snapLength: number;
  /** Timestamp units per second, and whether that is a power of ten up to 10^9 (exact path). */
  unitsPerSecond: number;
  decimal: boolean;
  offsetSeconds: number;
}

/** A pcapng section: its byte order, and the interfaces described in it so far. */
interface Section {
  littleEndian: boolean;
  interfaces: Interface[];
}

class Reader {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  /** Bytes that may be read: the file, or its first maxBytes. */
  private readonly length: number;
  private readonly decoder: PacketDecoder;
  /** Packets decoded so far, and the last one's timestamp (a simple packet block takes it). */
  private count = 0;
  private lastSeconds = 0;
  private lastNanoseconds = 0;
  private readonly linkTypes: number[] = [];
  private readonly names = new Map<string, string>();
  private format: CaptureResult['format'] = 'unknown';
  private error: ParseError | undefined;
  private bytesRead = 0;
  /** The record or block being read, for error messages. */
  recordOffset = 0;
  /** The one packet object filled for every record (ScanOptions.reuse), else undefined. */
  private readonly shared: DecodedPacket | undefined;

  constructor(
    bytes: Uint8Array,
    maxBytes: number,
    private readonly maxPackets: number,
    private readonly onProgress: ((fraction: number) => void) | undefined,
    private readonly visit: (packet: DecodedPacket) => void,
    { payloads, reuse }: Required<ScanOptions>,
  ) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.length = Math.min(bytes.length, maxBytes);
    this.decoder = new PacketDecoder(bytes, this.view, payloads, reuse);
    this.shared = reuse ? newPacket() : undefined;
    if (bytes.length > maxBytes) this.fail(maxBytes, errors.fileTooLarge(bytes.length, maxBytes));
  }

  run(): void {
    if (this.length < 4) {
      this.fail(0, errors.fileTooShort(this.length));
      return;
    }
    const magic = this.view.getUint32(0);
    if (magic === pcapngSectionHeader) {
      this.format = 'pcapng';
      this.pcapng();
    } else if (magic === 0xa1b2c3d4 || magic === 0xd4c3b2a1 || magic === 0xa1b23c4d || magic === 0x4d3cb2a1) {
      this.format = 'pcap';
      this.pcap(magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1, magic === 0xa1b23c4d || magic === 0x4d3cb2a1);
    } else {
      this.fail(0, errors.notACapture(magic));
    }
  }

  /** Records the first error only: later ones are consequences. */
  fail(offset: number, text: LocalizedText): void {
    this.error ??= { offset: Math.max(0, Math.min(offset, this.bytes.length)), message: text.en, text };
  }

  result(): CaptureSummary {
    const result: CaptureSummary = {
      format: this.format,
      packetCount: this.count,
      linkTypes: this.linkTypes,
      bytesRead: this.bytesRead,
    };
    if (this.names.size > 0) result.names = Object.fromEntries(this.names);
    if (this.error !== undefined) result.error = this.error;
    return result;
  }

  private pcap(littleEndian: boolean, nanosecond: boolean): void {
    const view = this.view;
    if (this.length < pcapHeaderBytes) {
      this.fail(0, errors.pcapHeaderCutShort(this.length, pcapHeaderBytes));
      return;
    }
    // LT_LINKTYPE(): the low 16 bits; the upper ones may hold FCS information.
    const linkType = view.getUint32(20, littleEndian) & 0xffff;
    this.linkTypes.push(linkType);
    const fractionPerSecond = nanosecond ? 1e9 : 1e6;
    let offset = pcapHeaderBytes;
    this.bytesRead = offset;
    while (offset < this.length) {
      this.recordOffset = offset;
      if (offset + pcapRecordHeaderBytes > this.length) {
        this.fail(offset, errors.pcapRecordHeaderCutShort(offset, this.length - offset, pcapRecordHeaderBytes));
        return;
      }
      let seconds = view.getUint32(offset, littleEndian);
      let fraction = view.getUint32(offset + 4, littleEndian);
      const capturedLength = view.getUint32(offset + 8, littleEndian);
      const originalLength = view.getUint32(offset + 12, littleEndian);
      if (capturedLength > maxRecordBytes) {
        this.fail(offset + 8, errors.pcapRecordOverLimit(offset, capturedLength, maxRecordBytes));
        return;
      }
      const start = offset + pcapRecordHeaderBytes;
      if (start + capturedLength > this.length) {
        this.fail(offset + 8, errors.pcapRecordPastEnd(offset, capturedLength, this.length - start));
        return;
      }
      if (!this.roomForPacket(offset)) return;
      if (fraction >= fractionPerSecond) {
        seconds += Math.floor(fraction / fractionPerSecond);
        fraction %= fractionPerSecond;
      }
      this.addPacket(
        offset,
        start,
        0,
        linkType,
        seconds,
        nanosecond ? fraction : fraction * 1000,
        capturedLength,
        originalLength,
      );
      offset = start + capturedLength;
      this.bytesRead = offset;
    }
  }

  private pcapng(): void {
    const section: Section = { littleEndian: true, interfaces: [] };
    let offset = 0;
    while (offset < this.length) {
      this.recordOffset = offset;
      if (offset + 12 > this.length) {
        this.fail(offset, errors.blockCutShort(offset, this.length - offset));
        return;
      }
      const type = this.view.getUint32(offset, section.littleEndian);
      if (type === pcapngSectionHeader && !this.startSection(offset, section)) return;
      const blockLength = this.blockLength(offset, type, section.littleEndian);
      if (blockLength === undefined || !this.block(type, offset, blockLength, section)) return;
      offset += blockLength;
      this.bytesRead = offset;
    }
  }

  /** The byte-order magic decides how this section, its own length included, is read. */
  private startSection(offset: number, section: Section): boolean {
    const magic = this.view.getUint32(offset + 8, true);
    if (magic === pcapngByteOrderMagic) section.littleEndian = true;
    else if (magic === 0x4d3c2b1a) section.littleEndian = false;
    else {
      this.fail(offset + 8, errors.byteOrderMagic(offset, magic));
      return false;
    }
    section.interfaces = [];
    return true;
  }

  /** The block's length once its framing (length, limit, trailing copy) is checked; else undefined. */
  private blockLength(offset: number, type: number, littleEndian: boolean): number | undefined {
    const blockLength = this.view.getUint32(offset + 4, littleEndian);
    if (blockLength < 12 || blockLength % 4 !== 0) {
      this.fail(offset + 4, errors.blockLengthInvalid(offset, blockLength));
      return undefined;
    }
    if (blockLength > captureLimits.maxBlockBytes && type !== pcapngSectionHeader) {
      this.fail(offset + 4, errors.blockOverLimit(offset, blockLength, captureLimits.maxBlockBytes));
      return undefined;
    }
    if (offset + blockLength > this.length) {
      this.fail(offset + 4, errors.blockPastEnd(offset, blockLength, this.length - offset));
      return undefined;
    }
    const trailer = this.view.getUint32(offset + blockLength - 4, littleEndian);
    if (trailer !== blockLength) {
      this.fail(offset + blockLength - 4, errors.blockTrailer(offset, trailer, blockLength));
      return undefined;
    }
    return blockLength;
  }

  /** Reads one framed block's body; false when reading must stop. */
  private block(type: number, offset: number, blockLength: number, section: Section): boolean {
    const { littleEndian, interfaces } = section;
    const body = offset + 8;
    const bodyEnd = offset + blockLength - 4;
    if (type === pcapngSectionHeader) {
      if (bodyEnd - body < 16) {
        this.fail(offset + 4, errors.sectionHeaderTooShort(offset, blockLength));
        return false;
      }
    } else if (type === blockInterfaceDescription) {
      if (bodyEnd - body < 8) {
        this.fail(offset + 4, errors.interfaceDescriptionTooShort(offset, blockLength));
        return false;
      }
      if (interfaces.length >= captureLimits.maxInterfaces) {
        this.fail(offset, errors.tooManyInterfaces(offset, captureLimits.maxInterfaces));
        return false;
      }
      const described = this.interfaceDescription(body, bodyEnd, littleEndian);
      interfaces.push(described);
      if (this.linkTypes.length < captureLimits.maxInterfaces) this.linkTypes.push(described.linkType);
    } else if (type === blockEnhancedPacket || type === blockObsoletePacket) {
      return this.packetBlock(type, offset, body, bodyEnd, interfaces, littleEndian);
    } else if (type === blockSimplePacket) {
      return this.simplePacketBlock(offset, body, bodyEnd, interfaces, littleEndian);
    } else if (type === blockNameResolution) {
      readNameResolution(this.bytes, this.view, body, bodyEnd, littleEndian, this.names);
    }
    // Other blocks (statistics, custom...) are skipped whole.
    return true;
  }

  private interfaceDescription(body: number, bodyEnd: number, littleEndian: boolean): Interface {
    const view = this.view;
    const described: Interface = {
      linkType: view.getUint16(body, littleEndian),
      snapLength: view.getUint32(body + 4, littleEndian),
      unitsPerSecond: 1e6,
      decimal: true,
      offsetSeconds: 0,
    };
    // Options: code, length, value padded to 4 bytes; a malformed list just ends the options.
    for (let p = body + 8; p + 4 <= bodyEnd;) {
      const code = view.getUint16(p, littleEndian);
      const size = view.getUint16(p + 2, littleEndian);
      if (code === 0 || p + 4 + size > bodyEnd) break;
      if (code === optionTimestampResolution && size >= 1) {
        const value = this.bytes[p + 4] as number;
        const exponent = value & 0x7f;
        if (value & 0x80) {
          described.unitsPerSecond = 2 ** Math.min(exponent, 64);
          described.decimal = false;
        } else {
          described.unitsPerSecond = 10 ** Math.min(exponent, 30);
          described.decimal = exponent <= 9;
        }
      } else if (code === optionTimestampOffset && size >= 8) {
        described.offsetSeconds = Number(view.getBigInt64(p + 4, littleEndian));
      }
      p += 4 + size + ((4 - (size % 4)) % 4);
    }
    return described;
  }

  /** Enhanced (type 6) or obsolete (type 2) packet block; false when parsing must stop. */
  private packetBlock(
    type: number,
    offset: number,
    body: number,
    bodyEnd: number,
    interfaces: readonly Interface[],
    littleEndian: boolean,
  ): boolean {
    const view = this.view;
    if (bodyEnd - body < 20) {
      this.fail(offset + 4, errors.packetBlockTooShort(offset, bodyEnd - body + 12));
      return false;
    }
    const interfaceId =
      type === blockEnhancedPacket ? view.getUint32(body, littleEndian) : view.getUint16(body, littleEndian);
    const described = interfaces[interfaceId];
    if (described === undefined) {
      this.fail(body, errors.interfaceNotDescribed(offset, interfaceId, interfaces.length));
      return false;
    }
    const capturedLength = view.getUint32(body + 12, littleEndian);
    const originalLength = view.getUint32(body + 16, littleEndian);
    const start = body + 20;
    if (capturedLength > maxRecordBytes || capturedLength > bodyEnd - start) {
      const limit = Math.min(maxRecordBytes, bodyEnd - start);
      this.fail(body + 12, errors.packetBlockCapturedLength(offset, capturedLength, limit));
      return false;
    }
    if (!this.roomForPacket(offset)) return false;
    const high = view.getUint32(body + 4, littleEndian);
    const low = view.getUint32(body + 8, littleEndian);
    const [seconds, nanoseconds] = timestamp(high, low, described);
    this.addPacket(
      offset,
      start,
      interfaceId,
      described.linkType,
      seconds,
      nanoseconds,
      capturedLength,
      originalLength,
    );
    return true;
  }

  private simplePacketBlock(
    offset: number,
    body: number,
    bodyEnd: number,
    interfaces: readonly Interface[],
    littleEndian: boolean,
  ): boolean {
    const described = interfaces[0];
    if (described === undefined) {
      this.fail(offset, errors.simpleBlockNoInterface(offset));
      return false;
    }
    if (bodyEnd - body < 4) {
      this.fail(offset + 4, errors.simpleBlockTooShort(offset));
      return false;
    }
    const originalLength = this.view.getUint32(body, littleEndian);
    const start = body + 4;
    // The captured length is implied: the original length cut at the snap length and the block.
    let capturedLength = Math.min(originalLength, bodyEnd - start);
    if (described.snapLength > 0) capturedLength = Math.min(capturedLength, described.snapLength);
    if (capturedLength > captureLimits.maxRecordBytes) {
      this.fail(body, errors.simpleBlockOverLimit(offset, capturedLength, captureLimits.maxRecordBytes));
      return false;
    }
    if (!this.roomForPacket(offset)) return false;
    // A simple packet block has no timestamp: it takes the previous packet's (or zero).
    this.addPacket(
      offset,
      start,
      0,
      described.linkType,
      this.lastSeconds,
      this.lastNanoseconds,
      capturedLength,
      originalLength,
    );
    return true;
  }

  private roomForPacket(offset: number): boolean {
    if (this.count < this.maxPackets) return true;
    this.fail(offset, errors.tooManyPackets(this.maxPackets));
    return false;
  }

  private addPacket(
    offset: number,
    start: number,
    interfaceId: number,
    linkType: number,
    seconds: number,
    nanoseconds: number,
    capturedLength: number,
    originalLength: number,
  ): void {
    const packet = this.shared ?? newPacket();
    packet.index = this.count;
    packet.offset = offset;
    packet.seconds = seconds;
    packet.nanoseconds = nanoseconds;
    packet.interfaceId = interfaceId;
    packet.linkType = linkType;
    packet.capturedLength = capturedLength;
    packet.originalLength = originalLength;
    packet.truncated = capturedLength < originalLength;
    packet.ip = undefined;
    packet.transport = undefined;
    packet.problem = undefined;
    packet.problemText = undefined;
    this.decoder.decode(packet, start);
    this.count++;
    this.lastSeconds = seconds;
    this.lastNanoseconds = nanoseconds;
    try {
      this.visit(packet);
    } catch (error) {
      throw new VisitFailed(error);
    }
    if (this.onProgress !== undefined && this.count % progressEvery === 0)
      this.onProgress(offset / Math.max(this.length, 1));
  }
}

// A reader of nothing, with its decoder, headers and packet (kept-shapes.ts), in both modes.
keepShapes(
  new Reader(new Uint8Array(0), 0, 0, undefined, () => undefined, { payloads: true, reuse: true }),
  new Reader(new Uint8Array(0), 0, 0, undefined, () => undefined, { payloads: false, reuse: false }),
);

/** A packet with every field declared up front, so that all have one shape (one V8 hidden class). */
function newPacket(): DecodedPacket {
  return {
    index: 0,
    offset: 0,
    seconds: 0,
    nanoseconds: 0,
    interfaceId: 0,
    linkType: 0,
    capturedLength: 0,
    originalLength: 0,
    truncated: false,
    ip: undefined,
    transport: undefined,
    problem: undefined,
    problemText: undefined,
  };
}

const twoTo32 = 2 ** 32;

/** A pcapng 64-bit timestamp in the interface's units as [seconds, nanoseconds]. */
function timestamp(high: number, low: number, described: Interface): [number, number] {
  const per = described.unitsPerSecond;
  const units = high * twoTo32 + low;
  let seconds: number;
  let nanoseconds: number;
  if (units <= Number.MAX_SAFE_INTEGER) {
    seconds = Math.floor(units / per);
    const rest = units - seconds * per;
    nanoseconds = described.decimal ? rest * (1e9 / per) : Math.floor((rest / per) * 1e9);
  } else {
    // Beyond 2^53 (nanoseconds after 2255, or fine binary units): exact integer arithmetic.
    const big = (BigInt(high) << 32n) | BigInt(low);
    if (described.decimal) {
      const bigPer = BigInt(per);
      seconds = Number(big / bigPer);
      nanoseconds = Number(big % bigPer) * (1e9 / per);
    } else {
      seconds = Math.floor(units / per);
      nanoseconds = 0;
    }
  }
  if (!(nanoseconds >= 0 && nanoseconds < 1e9)) nanoseconds = 0;
  return [seconds + described.offsetSeconds, Math.round(nanoseconds)];
}
