// Text measurement in a browser: the canvas's, for the layout (src/diagram) to size its labels.
import { estimateText, monoFamily, sansFamily, type MeasureText } from '../../diagram';

/** Canvas measurement in a browser (cached per font), falling back to the estimate. */
export function createCanvasMeasure(): MeasureText {
  if (typeof document === 'undefined') return estimateText;
  const context = document.createElement('canvas').getContext('2d');
  if (context === null) return estimateText;
  const cache = new Map<string, number>();
  let current = '';
  return (text, sizePx, font, bold) => {
    const key = `${font}|${sizePx}|${bold ? 1 : 0}|${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      // Set only when it changes: assigning context.font parses the CSS font each time, and a
      // capture's labels are nearly all different texts in the one mono font.
      const wanted = `${bold ? '600 ' : ''}${sizePx}px ${font === 'mono' ? monoFamily : sansFamily}`;
      if (wanted !== current) context.font = current = wanted;
      // A little slack: fonts may still be loading, and the halo needs room.
      width = Math.ceil(context.measureText(text).width * 1.04);
      if (cache.size > 20_000) cache.clear();
      cache.set(key, width);
    }
    return width;
  };
}
