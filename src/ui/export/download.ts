// Browser side of the export: file names, downloads through an <a download>, SVG to PNG.

/** `wirestep-tcp-echo-step-12.svg` */
export function exportFileName(scenarioId: string | null, step: number, extension: string): string {
  const name = (scenarioId ?? 'trace').replace(/[^a-z0-9-]/gi, '-');
  return `wirestep-${name}-step-${step}.${extension}`;
}

/** `wirestep-tcp-echo.pcapng`: the whole Trace, so no step in the name. */
export function pcapngFileName(scenarioId: string | null): string {
  return `wirestep-${(scenarioId ?? 'trace').replace(/[^a-z0-9-]/gi, '-')}.pcapng`;
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function svgSize(svg: string): { width: number; height: number } {
  const open = /<svg[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="([\d.]+)"/.exec(open)?.[1] ?? 0);
  const height = Number(/\sheight="([\d.]+)"/.exec(open)?.[1] ?? 0);
  return { width: width > 0 ? width : 800, height: height > 0 ? height : 600 };
}

/** Canvases above this many pixels on a side fail in some browsers: the scale is lowered to fit. */
const maxCanvasSide = 16_000;

/** Draws an SVG document on a canvas at `scale` (2 by default, for sharp slides) and returns a PNG. */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const { width, height } = svgSize(svg);
  const factor = Math.min(scale, maxCanvasSide / width, maxCanvasSide / height);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the SVG could not be drawn'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * factor));
    canvas.height = Math.max(1, Math.round(height * factor));
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('no 2D canvas');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob === null ? reject(new Error('PNG encoding failed')) : resolve(blob)), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Copies text; false when the page may not write the clipboard (no permission, insecure context). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard === undefined) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
