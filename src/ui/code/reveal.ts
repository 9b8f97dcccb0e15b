// How far a scroll container must scroll so an element lies inside its visible box, moving as
// little as possible (what scrollIntoView({block: 'nearest'}) does, but for one container only,
// so the page itself never scrolls). Pure arithmetic on client rectangles.

export interface Span {
  top: number;
  bottom: number;
}

/**
 * The change to the container's scrollTop that brings `item` inside `view` with `margin` pixels
 * of context: 0 when it is already visible; an item taller than the view aligns its top.
 */
export function nearestScroll(item: Span, view: Span, margin = 0): number {
  const room = view.bottom - view.top - 2 * margin;
  if (item.bottom - item.top > room || item.top < view.top + margin) return item.top - view.top - margin;
  if (item.bottom > view.bottom - margin) return item.bottom - view.bottom + margin;
  return 0;
}

/** Scrolls `container` (only it) so `element` is visible inside its client box. */
export function revealIn(container: HTMLElement, element: HTMLElement, margin = 0): void {
  const box = container.getBoundingClientRect();
  const top = box.top + container.clientTop;
  const item = element.getBoundingClientRect();
  const delta = nearestScroll(item, { top, bottom: top + container.clientHeight }, margin);
  if (delta !== 0) container.scrollTop += delta;
}
