// Arrows: one per packet from its send to its fate (a deliver, or a drop drawn as a cross), one
// more per duplicate delivery, and an arrow still in flight at the end reaching one latency down.
import type { PacketEvent } from '../trace/query';
import type { LayoutContext } from './context';
import type { ArrowItem, Protocol } from './model';
import { datagramNotation, segmentNotation } from './notation';
import { joinsBroadcast, type TraceIndex } from './trace-index';
import type { Vertical } from './vertical';

export function packetArrows(context: LayoutContext, index: TraceIndex, vertical: Vertical): ArrowItem[] {
  const arrows: ArrowItem[] = [];
  index.events.forEach((event, at) => {
    if (event.kind === 'segment' || event.kind === 'datagram' || event.kind === 'icmp')
      // A loop, not push(...): a Trace file may give one packet 200,000 deliveries, and spreading
      // them as arguments overflows the stack (issue 15, finding 6).
      for (const arrow of arrowsOfPacket(context, index, vertical, event, at)) arrows.push(arrow);
  });
  return arrows;
}

/** The notation of a packet, and the label drawn on its arrow (with the retransmission and probe marks). */
export function packetText(
  context: LayoutContext,
  index: TraceIndex,
  packet: PacketEvent,
): { notation: string; labelText: string } {
  const { t } = context;
  if (packet.kind === 'segment') {
    const notation = segmentNotation(packet, index.relative.get(packet.id), context.seqMode);
    const tag =
      packet.probe === 'keepalive'
        ? t('diagram.tag.keepalive')
        : packet.probe === 'zero-window'
          ? t('diagram.tag.zeroWindow')
          : '';
    return { notation, labelText: `${packet.retransmission ? '↻ ' : ''}${notation}${tag ? ` (${tag})` : ''}` };
  }
  if (packet.kind === 'datagram') {
    const notation = datagramNotation(packet);
    return { notation, labelText: packet.broadcast ? `${notation} (${t('diagram.tag.broadcast')})` : notation };
  }
  const notation = t(`diagram.icmp.${packet.type}`);
  return { notation, labelText: notation };
}

const protocolOf = (packet: PacketEvent): Protocol =>
  packet.kind === 'segment' ? 'tcp' : packet.kind === 'datagram' ? 'udp' : 'icmp';

function arrowsOfPacket(
  context: LayoutContext,
  index: TraceIndex,
  vertical: Vertical,
  packet: PacketEvent,
  at: number,
): ArrowItem[] {
  const { events, eventLane } = index;
  const ends = index.fates.get(packet.id) ?? [];
  const fanOut = joinsBroadcast(events, at);
  const { notation, labelText } = packetText(context, index, packet);
  const primary = ends[0];
  const y = vertical.eventY[at]!;
  const arrows: ArrowItem[] = [];
  (ends.length === 0 ? [-1] : ends).forEach((end, copy) => {
    const endEvent = end >= 0 ? events[end] : undefined;
    // Only the first copy's end counts as the fate; later delivers are duplicates.
    if (copy > 0 && endEvent?.kind !== 'deliver') return;
    // Every field written out, none spread from a shared object: V8 builds a literal that starts
    // with a spread and goes on with more fields on a slow path (~0.3 ms an object in Node 20 and
    // Chromium), and 100,000 arrows took a minute to lay out.
    const arrow: ArrowItem = {
      yMin: 0,
      yMax: 0,
      type: 'arrow',
      first: at,
      protocol: protocolOf(packet),
      eventIndex: at,
      endIndex: end,
      fate: endEvent === undefined ? 'pending' : endEvent.kind === 'drop' ? 'dropped' : 'delivered',
      from: packet.from,
      to: packet.to,
      fromLane: eventLane[at]!,
      toLane: end >= 0 ? eventLane[end]! : index.headingLane(packet),
      x1: 0,
      y1: y,
      x2: 0,
      y2: end >= 0 ? vertical.eventY[end]! : y + vertical.latencyPx,
      crossX: 0,
      crossY: 0,
      flags: packet.kind === 'segment' ? packet.flags.join(',') : '',
      notation,
      retransmission: packet.kind === 'segment' && packet.retransmission === true,
      duplicate: copy > 0 || (endEvent?.kind === 'deliver' && endEvent.duplicate === true && end !== primary),
      probe: packet.kind === 'segment' ? packet.probe : undefined,
      broadcast: packet.kind === 'datagram' && packet.broadcast === true,
      sentAt: packet.t,
      endAt: endEvent?.t ?? -1,
      reason: endEvent?.kind === 'drop' ? endEvent.reason : undefined,
    };
    if (copy === 0 && !fanOut) arrow.label = context.label(labelText, 'mono');
    arrows.push(arrow);
  });
  return arrows;
}
