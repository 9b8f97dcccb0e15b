// The layout's fourth pass: where the lanes go across. Each lifeline's labels go on one side;
// neighbouring lanes are kept far enough apart for those labels, the arrows' labels and the
// headers, then the gaps between hosts narrow or widen to the width available.
import type { LayoutContext } from './context';
import type { Items } from './items';
import type { LaneSpec } from './lanes';
import { besideBandPx } from './metrics';
import { laneLabel } from './titles';
import type { ArrowItem, HostHeader, Lane } from './model';

export type Side = Lane['side'];

export interface Positions {
  lanes: Lane[];
  hosts: HostHeader[];
  width: number;
}

/** Gaps between neighbouring lanes, the least each may shrink to, and the room at both edges. */
export interface Spacing {
  gaps: number[];
  floors: number[];
  leftNeed: number;
  rightNeed: number;
}

export function placeLanes(
  context: LayoutContext,
  specs: readonly LaneSpec[],
  items: Items,
  sideWidth: Float64Array,
  available: number,
): Positions {
  const { timeColumnPx } = context.metrics;
  const sides = labelSides(specs, items.arrows);
  const arrowLabelMax = items.arrows.reduce((widest, arrow) => Math.max(widest, arrow.label?.width ?? 0), 120);
  const spacing = laneSpacing(context, specs, sides, sideWidth, arrowLabelMax);
  const hostGaps = spacing.gaps.map((_, i) => specs[i]!.host !== specs[i + 1]!.host);
  const gaps = fitGaps(spacing, hostGaps, timeColumnPx, available);
  const lanes: Lane[] = [];
  let x = timeColumnPx + spacing.leftNeed;
  specs.forEach((spec, i) => {
    lanes.push({
      ...spec,
      x: Math.round(x),
      side: sides[i]!,
      testId: spec.shared ? `lifeline-${spec.host}-${spec.fd ?? 'no-socket'}` : `lifeline-${spec.host}`,
    });
    x += gaps[i] ?? 0;
  });
  return { lanes, hosts: hostHeaders(context, specs, lanes), width: Math.ceil(x + spacing.rightNeed) };
}

/** Labels go on the side of a lifeline facing away from most of its arrows. */
export function labelSides(specs: readonly LaneSpec[], arrows: readonly ArrowItem[]): Side[] {
  const towardsRight = new Float64Array(specs.length);
  for (const arrow of arrows) {
    if (arrow.fromLane === arrow.toLane) continue;
    const step = arrow.toLane > arrow.fromLane ? 1 : -1;
    towardsRight[arrow.fromLane]! += step;
    towardsRight[arrow.toLane]! -= step;
  }
  return specs.map((_, i) => {
    const balance = towardsRight[i]!;
    if (balance !== 0) return balance > 0 ? 'left' : 'right';
    return i < specs.length / 2 && specs.length > 1 ? 'left' : 'right';
  });
}

/** The width a lane's header needs: host name, address and the lane's own label. */
export function headerWidth(context: LayoutContext, spec: LaneSpec): number {
  const { measure, metrics } = context;
  return (
    Math.max(
      measure(spec.host, metrics.headerFontPx, 'sans', true),
      measure(spec.addr, metrics.fontPx, 'mono'),
      laneLabelWidth(context, spec),
    ) + 24
  );
}

/** The width of the text under the host box (a descriptor, or a capture's address:port). */
function laneLabelWidth(context: LayoutContext, spec: LaneSpec): number {
  if (spec.fd === undefined && spec.endpoint === undefined) return 0;
  return context.measure(laneLabel(context.t, spec), context.metrics.fontPx, 'mono');
}

function laneSpacing(
  context: LayoutContext,
  specs: readonly LaneSpec[],
  sides: readonly Side[],
  sideWidth: Float64Array,
  arrowLabelMax: number,
): Spacing {
  const bandOut = besideBandPx(context.metrics);
  const hostGap = Math.max(180, arrowLabelMax + 70);
  const gaps: number[] = [];
  const floors: number[] = [];
  for (let i = 0; i + 1 < specs.length; i++) {
    const a = specs[i]!;
    const b = specs[i + 1]!;
    const between =
      (sides[i] === 'right' ? sideWidth[i]! + bandOut : 0) +
      (sides[i + 1] === 'left' ? sideWidth[i + 1]! + bandOut : 0) +
      12;
    const sameHost = a.host === b.host;
    // Lanes of one host share its box; their own labels (a capture's address:port) must not touch.
    const headers = sameHost
      ? (laneLabelWidth(context, a) + laneLabelWidth(context, b)) / 2 + 16
      : (headerWidth(context, a) + headerWidth(context, b)) / 2 + 16;
    const floor = Math.max(sameHost ? 110 : 170, between, headers);
    floors.push(floor);
    gaps.push(Math.max(sameHost ? 110 : hostGap, floor));
  }
  const last = specs.length - 1;
  const firstSpec = specs[0];
  const lastSpec = specs[last];
  const leftNeed =
    firstSpec === undefined
      ? 40
      : Math.max(sides[0] === 'left' ? sideWidth[0]! + bandOut + 8 : 40, headerWidth(context, firstSpec) / 2 + 8);
  const rightNeed =
    lastSpec === undefined
      ? 40
      : Math.max(sides[last] === 'right' ? sideWidth[last]! + bandOut + 4 : 40, headerWidth(context, lastSpec) / 2 + 8);
  return { gaps, floors, leftNeed, rightNeed };
}

/**
 * Too wide for the screen: narrow the gaps between hosts (labels slide along their arrows), not
 * below their floors. Narrower than the screen: spread the gaps between hosts, within reason.
 */
export function fitGaps(
  spacing: Spacing,
  hostGaps: readonly boolean[],
  timeColumnPx: number,
  available: number,
): number[] {
  const gaps = [...spacing.gaps];
  const natural = () => timeColumnPx + spacing.leftNeed + gaps.reduce((a, b) => a + b, 0) + spacing.rightNeed;
  const betweenHosts = hostGaps.filter(Boolean).length;
  let width = natural();
  if (available > 0 && width > available) {
    const excess = width - available;
    gaps.forEach((gap, i) => {
      if (hostGaps[i]) gaps[i] = Math.max(spacing.floors[i]!, gap - excess / Math.max(1, betweenHosts));
    });
    width = natural();
  }
  if (available > width && betweenHosts > 0) {
    const extra = (available - width) / betweenHosts;
    gaps.forEach((gap, i) => {
      if (hostGaps[i]) gaps[i] = Math.min(Math.max(gap, 560), gap + extra);
    });
  }
  return gaps;
}

/** One header per host, centred over its lanes and wide enough for its name and address. */
function hostHeaders(context: LayoutContext, specs: readonly LaneSpec[], lanes: readonly Lane[]): HostHeader[] {
  const hosts: HostHeader[] = [];
  for (const lane of lanes) {
    let header = hosts[hosts.length - 1];
    if (header === undefined || header.host !== lane.host) {
      header = {
        host: lane.host,
        addr: lane.addr,
        hostIndex: lane.hostIndex,
        lanes: [],
        x: 0,
        width: 0,
        testId: `lifeline-${lane.host}`,
      };
      hosts.push(header);
    }
    header.lanes.push(lane.index);
  }
  for (const header of hosts) {
    // Loops, not Math.max(...xs): no spread of an array into arguments anywhere in the layout.
    let left = Infinity;
    let right = -Infinity;
    for (const i of header.lanes) {
      left = Math.min(left, lanes[i]!.x);
      right = Math.max(right, lanes[i]!.x);
    }
    const spec = specs[header.lanes[0]!]!;
    header.width = Math.max(headerWidth(context, { ...spec, fd: undefined, endpoint: undefined }), right - left + 100);
    header.x = (right + left) / 2;
  }
  return hosts;
}
