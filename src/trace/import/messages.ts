// Every text the importer writes about a capture, in English and French, built from its numbers:
// why a packet was decoded only in part (decode.ts) and where reading the file stopped (parse.ts).
// The English is what `message` keeps in `meta.pcap` (the CLI prints it, tests match it); the
// French is written as a networking course writes it (en-tête, longueur, octet), protocol names
// and numbers as they are.
import type { LocalizedText } from '../types';

/** A part of a packet the capture may cut short: its English name, its French name with the participle. */
const parts = {
  ethernet: { en: 'Ethernet header', fr: 'en-tête Ethernet tronqué' },
  vlan: { en: 'VLAN tag', fr: 'étiquette VLAN tronquée' },
  sll: { en: 'Linux cooked (SLL) header', fr: 'en-tête Linux cooked (SLL) tronqué' },
  sll2: { en: 'Linux cooked (SLL2) header', fr: 'en-tête Linux cooked (SLL2) tronqué' },
  ip: { en: 'IP header', fr: 'en-tête IP tronqué' },
  loopback: { en: 'loopback header', fr: 'en-tête de bouclage tronqué' },
  ipv4: { en: 'IPv4 header', fr: 'en-tête IPv4 tronqué' },
  ipv6: { en: 'IPv6 header', fr: 'en-tête IPv6 tronqué' },
  ipv6Extension: { en: 'IPv6 extension header', fr: 'en-tête d’extension IPv6 tronqué' },
  tcp: { en: 'TCP header', fr: 'en-tête TCP tronqué' },
  tcpOptions: { en: 'TCP options', fr: 'options TCP tronquées' },
  tcpOption: { en: 'TCP option', fr: 'option TCP tronquée' },
  udp: { en: 'UDP header', fr: 'en-tête UDP tronqué' },
  icmp: { en: 'ICMP header', fr: 'en-tête ICMP tronqué' },
  icmpv6: { en: 'ICMPv6 header', fr: 'en-tête ICMPv6 tronqué' },
} as const satisfies Record<string, LocalizedText>;

export type PacketPart = keyof typeof parts;

const hex = (value: number, digits: number): string => value.toString(16).padStart(digits, '0');

/** "1 octet", "0 octet", "40 octets": French takes the singular below 2. */
const count = (n: number, word: string): string => `${n} ${word}${Math.abs(n) < 2 ? '' : 's'}`;

/** Why a packet is kept but decoded only in part (DecodedPacket.problemText). */
export const packetProblems = {
  cutShort: (part: PacketPart): LocalizedText => ({
    en: `${parts[part].en} cut short by the capture`,
    fr: `${parts[part].fr} par la capture`,
  }),
  ipv6HeaderCutShort: (have: number): LocalizedText => ({
    en: `IPv6 header (${have} of 40 bytes) cut short by the capture`,
    fr: `en-tête IPv6 (${count(have, 'octet')} sur 40) tronqué par la capture`,
  }),
  linkTypeUnsupported: (linkType: number): LocalizedText => ({
    en: `link type ${linkType} is not supported`,
    fr: `le type de liaison ${linkType} n’est pas pris en charge`,
  }),
  tooManyVlanTags: (max: number): LocalizedText => ({
    en: `more than ${max} VLAN tags`,
    fr: `plus de ${max} étiquettes VLAN`,
  }),
  ipVersionForLinkType: (version: number, expected: 4 | 6): LocalizedText => ({
    en: `IP version ${version} in a LINKTYPE_IPV${expected} packet`,
    fr: `version IP ${version} dans un paquet LINKTYPE_IPV${expected}`,
  }),
  ipVersionUnknown: (version: number): LocalizedText => ({
    en: `IP version ${version} is neither 4 nor 6`,
    fr: `la version IP ${version} n’est ni 4 ni 6`,
  }),
  loopbackFamilyNotIp: (family: number): LocalizedText => ({
    en: `loopback address family ${family} is not IP`,
    fr: `la famille d’adresses de bouclage ${family} n’est pas IP`,
  }),
  notIp: (etherType: number): LocalizedText => ({
    en: `not IP (EtherType 0x${hex(etherType, 4)})`,
    fr: `protocole autre qu’IP (EtherType 0x${hex(etherType, 4)})`,
  }),
  ipv4Version: (version: number): LocalizedText => ({
    en: `IPv4 header with version ${version}`,
    fr: `en-tête IPv4 de version ${version}`,
  }),
  ipv4HeaderLength: (headerLength: number): LocalizedText => ({
    en: `IPv4 header length ${headerLength} < 20`,
    fr: `longueur d’en-tête IPv4 ${headerLength} < 20`,
  }),
  ipv4TotalBelowHeader: (totalLength: number, headerLength: number): LocalizedText => ({
    en: `IPv4 total length ${totalLength} < header length ${headerLength}`,
    fr: `longueur totale IPv4 ${totalLength} < longueur d’en-tête ${headerLength}`,
  }),
  ipv4TotalPastPacket: (length: number, original: number): LocalizedText => ({
    en: `IPv4 total length ${length} exceeds the ${original} bytes of the packet`,
    fr: `la longueur totale IPv4 ${length} dépasse la taille du paquet (${count(original, 'octet')})`,
  }),
  ipv6Version: (version: number): LocalizedText => ({
    en: `IPv6 header with version ${version}`,
    fr: `en-tête IPv6 de version ${version}`,
  }),
  ipv6PayloadPastPacket: (length: number, available: number): LocalizedText => ({
    en: `IPv6 payload length ${length} exceeds the ${available} bytes of the packet`,
    fr: `la longueur de charge utile IPv6 ${length} dépasse la taille du paquet (${count(available, 'octet')})`,
  }),
  tooManyIpv6Extensions: (max: number): LocalizedText => ({
    en: `more than ${max} IPv6 extension headers`,
    fr: `plus de ${max} en-têtes d’extension IPv6`,
  }),
  ipv6ExtensionPastPayload: (): LocalizedText => ({
    en: 'IPv6 extension header runs past the payload',
    fr: 'un en-tête d’extension IPv6 dépasse la charge utile',
  }),
  tcpShorterThanHeader: (length: number): LocalizedText => ({
    en: `TCP segment of ${length} bytes is shorter than a TCP header`,
    fr: `le segment TCP de ${count(length, 'octet')} est plus court qu’un en-tête TCP`,
  }),
  tcpHeaderLength: (headerLength: number): LocalizedText => ({
    en: `TCP header length ${headerLength} < 20`,
    fr: `longueur d’en-tête TCP ${headerLength} < 20`,
  }),
  tcpHeaderPastSegment: (headerLength: number, length: number): LocalizedText => ({
    en: `TCP header length ${headerLength} exceeds the ${length}-byte segment`,
    fr: `la longueur d’en-tête TCP ${headerLength} dépasse la taille du segment (${count(length, 'octet')})`,
  }),
  tcpOptionLength: (kind: number, size: number): LocalizedText => ({
    en: `TCP option ${kind} with length ${size} < 2`,
    fr: `option TCP ${kind} de longueur ${size} < 2`,
  }),
  udpShorterThanHeader: (length: number): LocalizedText => ({
    en: `UDP datagram of ${length} bytes is shorter than a UDP header`,
    fr: `le datagramme UDP de ${count(length, 'octet')} est plus court qu’un en-tête UDP`,
  }),
  udpLengthBelowHeader: (udpLength: number): LocalizedText => ({
    en: `UDP length ${udpLength} < 8`,
    fr: `longueur UDP ${udpLength} < 8`,
  }),
  udpLengthPastPayload: (udpLength: number, length: number): LocalizedText => ({
    en: `UDP length ${udpLength} exceeds the ${length}-byte IP payload`,
    fr: `la longueur UDP ${udpLength} dépasse la taille de la charge utile IP (${count(length, 'octet')})`,
  }),
  icmpShorterThanHeader: (name: 'ICMP' | 'ICMPv6', length: number): LocalizedText => ({
    en: `${name} message of ${length} bytes is shorter than its 8-byte header`,
    fr: `le message ${name} de ${count(length, 'octet')} est plus court que son en-tête de 8 octets`,
  }),
} as const;

/** The record or block an error is about, as its message starts. */
const places = {
  pcapRecord: { en: 'pcap record at offset', fr: 'enregistrement pcap à l’octet' },
  pcapngBlock: { en: 'pcapng block at offset', fr: 'bloc pcapng à l’octet' },
  pcapngPacketBlock: { en: 'pcapng packet block at offset', fr: 'bloc de paquet pcapng à l’octet' },
  pcapngSimplePacketBlock: { en: 'pcapng simple packet block at offset', fr: 'bloc de paquet simple pcapng à l’octet' },
} as const satisfies Record<string, LocalizedText>;

export type FilePlace = keyof typeof places;

/** "<place> at offset N: <what>" in both languages. */
function at(place: FilePlace, offset: number, what: LocalizedText): LocalizedText {
  return { en: `${places[place].en} ${offset}: ${what.en}`, fr: `${places[place].fr} ${offset} : ${what.fr}` };
}

/** Why reading the file stopped early (CaptureResult.error.text; `message` is its English). */
export const fileErrors = {
  fileTooLarge: (bytes: number, max: number): LocalizedText => ({
    en: `the file (${bytes} bytes) exceeds the ${max}-byte limit; the rest is not read`,
    fr: `le fichier (${count(bytes, 'octet')}) dépasse la limite de ${count(max, 'octet')} ; la suite n’est pas lue`,
  }),
  fileTooShort: (bytes: number): LocalizedText => ({
    en: `a capture file of ${bytes} bytes is too short to be pcap or pcapng`,
    fr: `un fichier de capture de ${count(bytes, 'octet')} est trop court pour être du pcap ou du pcapng`,
  }),
  notACapture: (magic: number): LocalizedText => ({
    en: `not a pcap or pcapng file (magic number 0x${hex(magic, 8)})`,
    fr: `ce n’est pas un fichier pcap ni pcapng (nombre magique 0x${hex(magic, 8)})`,
  }),
  internalError: (message: string): LocalizedText => ({
    en: `internal error while decoding: ${message}`,
    fr: `erreur interne pendant le décodage : ${message}`,
  }),
  tooManyPackets: (max: number): LocalizedText => ({
    en: `stopped after ${max} packets (the limit); the rest is not read`,
    fr: `arrêt après ${count(max, 'paquet')} (la limite) ; la suite n’est pas lue`,
  }),
  pcapHeaderCutShort: (have: number, need: number): LocalizedText => ({
    en: `pcap file header cut short (${have} of ${need} bytes)`,
    fr: `en-tête de fichier pcap tronqué (${count(have, 'octet')} sur ${need})`,
  }),
  pcapRecordHeaderCutShort: (offset: number, have: number, need: number): LocalizedText =>
    at('pcapRecord', offset, {
      en: `header cut short (${have} of ${need} bytes)`,
      fr: `en-tête tronqué (${count(have, 'octet')} sur ${need})`,
    }),
  pcapRecordOverLimit: (offset: number, capturedLength: number, max: number): LocalizedText =>
    at('pcapRecord', offset, {
      en: `captured length ${capturedLength} exceeds the ${max}-byte limit`,
      fr: `la longueur capturée ${capturedLength} dépasse la limite de ${max} octets`,
    }),
  pcapRecordPastEnd: (offset: number, capturedLength: number, left: number): LocalizedText =>
    at('pcapRecord', offset, {
      en: `captured length ${capturedLength} runs past the end of the file (${left} bytes left)`,
      fr: `la longueur capturée ${capturedLength} dépasse la fin du fichier (il reste ${count(left, 'octet')})`,
    }),
  blockCutShort: (offset: number, have: number): LocalizedText =>
    at('pcapngBlock', offset, {
      en: `cut short (${have} of 12 bytes)`,
      fr: `tronqué (${count(have, 'octet')} sur 12)`,
    }),
  byteOrderMagic: (offset: number, magic: number): LocalizedText => ({
    en: `pcapng section header at offset ${offset}: bad byte-order magic 0x${hex(magic, 8)}`,
    fr: `en-tête de section pcapng à l’octet ${offset} : nombre magique d’ordre des octets 0x${hex(magic, 8)} invalide`,
  }),
  blockLengthInvalid: (offset: number, blockLength: number): LocalizedText =>
    at('pcapngBlock', offset, {
      en: `block length ${blockLength} is not a multiple of 4 of at least 12`,
      fr: `la longueur de bloc ${blockLength} n’est pas un multiple de 4 supérieur ou égal à 12`,
    }),
  blockOverLimit: (offset: number, blockLength: number, max: number): LocalizedText =>
    at('pcapngBlock', offset, {
      en: `block length ${blockLength} exceeds the ${max}-byte limit`,
      fr: `la longueur de bloc ${blockLength} dépasse la limite de ${max} octets`,
    }),
  blockPastEnd: (offset: number, blockLength: number, left: number): LocalizedText =>
    at('pcapngBlock', offset, {
      en: `block length ${blockLength} runs past the end of the file (${left} bytes left)`,
      fr: `la longueur de bloc ${blockLength} dépasse la fin du fichier (il reste ${count(left, 'octet')})`,
    }),
  blockTrailer: (offset: number, trailer: number, blockLength: number): LocalizedText =>
    at('pcapngBlock', offset, {
      en: `trailing length ${trailer} differs from block length ${blockLength}`,
      fr: `la longueur de fin de bloc ${trailer} diffère de la longueur de bloc ${blockLength}`,
    }),
  sectionHeaderTooShort: (offset: number, blockLength: number): LocalizedText =>
    at('pcapngBlock', offset, {
      en: `section header of ${blockLength} bytes is too short`,
      fr: `en-tête de section de ${count(blockLength, 'octet')} trop court`,
    }),
  interfaceDescriptionTooShort: (offset: number, blockLength: number): LocalizedText =>
    at('pcapngBlock', offset, {
      en: `interface description of ${blockLength} bytes is too short`,
      fr: `description d’interface de ${count(blockLength, 'octet')} trop courte`,
    }),
  tooManyInterfaces: (offset: number, max: number): LocalizedText =>
    at('pcapngBlock', offset, {
      en: `more than ${max} interfaces in a section`,
      fr: `plus de ${max} interfaces dans une section`,
    }),
  packetBlockTooShort: (offset: number, blockLength: number): LocalizedText =>
    at('pcapngPacketBlock', offset, {
      en: `${blockLength} bytes is too short for a packet block`,
      fr: `${count(blockLength, 'octet')}, c’est trop court pour un bloc de paquet`,
    }),
  interfaceNotDescribed: (offset: number, interfaceId: number, known: number): LocalizedText =>
    at('pcapngPacketBlock', offset, {
      en: `interface ${interfaceId} was not described (${known} known)`,
      fr: `l’interface ${interfaceId} n’a pas été décrite (interfaces décrites : ${known})`,
    }),
  packetBlockCapturedLength: (offset: number, capturedLength: number, limit: number): LocalizedText =>
    at('pcapngPacketBlock', offset, {
      en: `captured length ${capturedLength} exceeds the ${limit} bytes the block holds`,
      fr: `la longueur capturée ${capturedLength} dépasse la place dans le bloc (${count(limit, 'octet')})`,
    }),
  simpleBlockNoInterface: (offset: number): LocalizedText =>
    at('pcapngSimplePacketBlock', offset, {
      en: 'no interface was described',
      fr: 'aucune interface n’a été décrite',
    }),
  simpleBlockTooShort: (offset: number): LocalizedText =>
    at('pcapngSimplePacketBlock', offset, {
      en: 'too short for a simple packet block',
      fr: 'trop court pour un bloc de paquet simple',
    }),
  simpleBlockOverLimit: (offset: number, bytes: number, max: number): LocalizedText =>
    at('pcapngSimplePacketBlock', offset, {
      en: `packet of ${bytes} bytes exceeds the ${max}-byte limit`,
      fr: `le paquet de ${count(bytes, 'octet')} dépasse la limite de ${count(max, 'octet')}`,
    }),
} as const;
