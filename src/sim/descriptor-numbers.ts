// The numbers a host's descriptors take: POSIX (and Linux's alloc_fd) gives a new descriptor the
// lowest number not open. Scanning up from 3 for each new socket made a program that opens 20,000
// sockets quadratic (issue 15, finding 10); freed numbers below the high-water mark wait in a
// min-heap instead, so each take and give is O(log n) and the numbers are the same.
export class DescriptorNumbers {
  /** Every number from here up is free; 0, 1 and 2 are stdin, stdout and stderr. */
  private next = 3;
  /** The free numbers below `next`, as a binary min-heap. */
  private readonly freed: number[] = [];

  /** The lowest free number, now taken. */
  take(): number {
    const heap = this.freed;
    if (heap.length === 0) return this.next++;
    const lowest = heap[0] as number;
    const last = heap.pop() as number;
    if (heap.length > 0) {
      heap[0] = last;
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        const right = left + 1;
        let min = at;
        if (left < heap.length && (heap[left] as number) < (heap[min] as number)) min = left;
        if (right < heap.length && (heap[right] as number) < (heap[min] as number)) min = right;
        if (min === at) break;
        [heap[at], heap[min]] = [heap[min] as number, heap[at] as number];
        at = min;
      }
    }
    return lowest;
  }

  /** `fd` was open and is closed now. */
  give(fd: number): void {
    const heap = this.freed;
    heap.push(fd);
    let at = heap.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if ((heap[parent] as number) <= (heap[at] as number)) break;
      [heap[at], heap[parent]] = [heap[parent] as number, heap[at] as number];
      at = parent;
    }
  }
}
