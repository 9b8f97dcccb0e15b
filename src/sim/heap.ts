// A binary min-heap ordered by (time, insertion order) so that equal times keep a deterministic order.
export interface Scheduled {
  t: number;
  order: number;
}

/**
 * The keys live in two typed arrays beside the items, in the same slots: the comparisons read
 * contiguous numbers instead of each item's `t` and `order`, which were loads on a megamorphic
 * inline cache (the world's items are six object shapes) and the hottest line of a bulk run (12 %).
 * A bulk run's heap holds ~1,700 entries on average, most of them delayed-ACK wake-ups cancelled
 * since (timers are data: a stale entry is skipped when it comes up), so each push and pop walks
 * about 11 levels. The (time, order) pairs are unique, so the order items come out in is the same
 * whatever the heap's layout.
 */
export class EventHeap<T extends Scheduled> {
  private items: T[] = [];
  private times = new Float64Array(256);
  private orders = new Float64Array(256);
  private count = 0;

  get size(): number {
    return this.count;
  }

  peek(): T | undefined {
    return this.count > 0 ? this.items[0] : undefined;
  }

  push(item: T): void {
    if (this.count === this.times.length) this.grow();
    const { items, times, orders } = this;
    const t = item.t;
    const order = item.order;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (!(t < pt || (t === pt && order < (orders[parent] as number)))) break;
      items[i] = items[parent] as T;
      times[i] = pt;
      orders[i] = orders[parent] as number;
      i = parent;
    }
    items[i] = item;
    times[i] = t;
    orders[i] = order;
  }

  pop(): T | undefined {
    if (this.count === 0) return undefined;
    const { items, times, orders } = this;
    const top = items[0] as T;
    const n = --this.count;
    const last = items[n] as T;
    items[n] = undefined as unknown as T; // no item kept alive by a free slot
    if (n === 0) return top;
    const t = times[n] as number;
    const order = orders[n] as number;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      let child = left;
      let ct = times[left] as number;
      let co = orders[left] as number;
      const right = left + 1;
      if (right < n) {
        const rt = times[right] as number;
        const ro = orders[right] as number;
        if (rt < ct || (rt === ct && ro < co)) {
          child = right;
          ct = rt;
          co = ro;
        }
      }
      if (!(ct < t || (ct === t && co < order))) break;
      items[i] = items[child] as T;
      times[i] = ct;
      orders[i] = co;
      i = child;
    }
    items[i] = last;
    times[i] = t;
    orders[i] = order;
    return top;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    this.times = times;
    const orders = new Float64Array(this.orders.length * 2);
    orders.set(this.orders);
    this.orders = orders;
  }
}
