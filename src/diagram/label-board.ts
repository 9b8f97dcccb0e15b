// Where labels are placed: a grid of the labels placed so far, so each new one can look for a free
// spot, and the count of those that could not avoid another. One board per layout.
import { BoxGrid, type Box } from './boxes';
import { besideBandPx } from './metrics';
import type { Label, Lane, Metrics } from './model';

/** Puts a label in `box`, its text anchored at `tx` and vertically centred. */
export function place(label: Label, box: Box, tx: number, anchor: Label['anchor']): void {
  label.x = box.x;
  label.y = box.y;
  label.tx = tx;
  label.ty = box.y + box.height / 2;
  label.anchor = anchor;
}

export class LabelBoard {
  private readonly grid = new BoxGrid(64);
  /** Labels that could not be placed without touching another. */
  overlaps = 0;

  constructor(
    private readonly lanes: readonly Lane[],
    readonly metrics: Metrics,
  ) {}

  /**
   * The lane of an index (the first lane for an unknown one). A trace with no host at all (a
   * capture whose every packet was unreadable holds only notes) has none: its notes go beside an
   * unnamed line at the left edge, so the problems are still shown.
   */
  lane(index: number): Lane {
    return this.lanes[index] ?? this.lanes[0] ?? this.noLane;
  }

  private get noLane(): Lane {
    const x = this.metrics.timeColumnPx;
    return { index: 0, host: '', addr: '', hostIndex: 0, shared: false, x, side: 'right', testId: '' };
  }

  get laneCount(): number {
    return this.lanes.length;
  }

  /** The area of `box` already covered by placed labels (0 when it is free). */
  collision(box: Box): number {
    return this.grid.collision(box, 1);
  }

  /** Adds a label whose place was chosen free. */
  add(label: Label): void {
    this.grid.add(label);
  }

  /** Adds a label that has only one place, counting an overlap when it is not free. */
  fix(label: Label): void {
    if (this.grid.collision(label, 1) > 0) this.overlaps++;
    this.grid.add(label);
  }

  /** Places a label beside a lifeline, on the lane's label side, centred on `y`. */
  beside(lane: Lane, label: Label, y: number): void {
    const out = besideBandPx(this.metrics);
    const left = lane.side === 'left';
    const bx = left ? lane.x - out - label.width : lane.x + out;
    place(
      label,
      { x: bx, y: y - label.height / 2, width: label.width, height: label.height },
      left ? bx + label.width - 5 : bx + 5,
      left ? 'end' : 'start',
    );
  }
}
