// Small inline SVG icons: no icon font, so they render the same on every projector laptop.
const paths = {
  first: 'M5 4h2.5v16H5zM19 4v16L8.5 12z',
  previousSegment: 'M11.5 4v16L2 12zM22 4v16l-9.5-8z',
  back: 'M17 4v16L6 12z',
  play: 'M7 4v16l13-8z',
  pause: 'M6 4h4.5v16H6zM13.5 4H18v16h-4.5z',
  forward: 'M7 4v16l11-8z',
  nextSegment: 'M2 4v16l9.5-8zM12.5 4v16l9.5-8z',
  last: 'M5 4v16l10.5-8zM16.5 4H19v16h-2.5z',
  moon: 'M20 14.5A8.5 8.5 0 0 1 9.5 4a8.5 8.5 0 1 0 10.5 10.5z',
  screen: 'M3 4h18v12H3zM5 6v8h14V6zM8 19h8v2H8z',
  help: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 15.5a1.3 1.3 0 1 1 0-2.6 1.3 1.3 0 0 1 0 2.6zm1.6-5.6c-.7.4-.8.7-.8 1.3h-2c0-1.4.4-2.2 1.6-2.9.8-.5 1.2-.8 1.2-1.5 0-.8-.7-1.3-1.6-1.3-.9 0-1.6.6-1.7 1.5l-2-.2C8.5 7 10 5.8 12 5.8c2.2 0 3.7 1.2 3.7 3 0 1.4-.8 2.3-2.1 3.1z',
  list: 'M4 5h16v2.5H4zM4 10.8h16v2.5H4zM4 16.5h16V19H4z',
  expand: 'M3 3h7v2.5H5.5V10H3zM14 3h7v7h-2.5V5.5H14zM3 14h2.5v4.5H10V21H3zM18.5 14H21v7h-7v-2.5h4.5z',
  // A window with its right column: the side panels beside the diagram.
  panel: 'M3 4h18v16H3zM5 6v12h9V6zM16 6v12h3V6z',
  shrink: 'M7.5 3H10v7H3V7.5h4.5zM14 3h2.5v4.5H21V10h-7zM3 14h7v7H7.5v-4.5H3zM14 14h7v2.5h-4.5V21H14z',
  // A box with an arrow leaving it: a link that opens elsewhere (the embed's "Open in Wirestep").
  external: 'M14 3h7v7h-2.5V7.3l-8.1 8.1-1.8-1.8 8.1-8.1H14zM5 5h6v2.5H7.5v9h9V13H19v6H5z',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path d={paths[name]} fill="currentColor" />
    </svg>
  );
}
