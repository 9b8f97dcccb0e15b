// Export of the diagram up to the current step: SVG, PNG (2×), Mermaid and PlantUML text; and of the whole
// Trace as a pcapng capture Wireshark opens (src/trace/export/pcapng.ts).
import { useState } from 'react';
import { useT } from '../useT';
import type { MessageKey } from '../../i18n';
import {
  currentScenario,
  lessonLink,
  selectCurrentScenario,
  selectHasTrace,
  useAppStore,
  type AppStore,
} from '../../store';
import type { Trace } from '../../trace/types';
import { shownEventCount } from '../../trace/query';
import { copyText, downloadBlob, exportFileName, pcapngFileName, svgToPng } from './download';
import { toMermaid } from './mermaid';
import { toPlantUml } from './plantuml';
import type { Scenario } from '../../scenario/schema';
import '../lesson/lesson.css';

type Format = 'svg' | 'png' | 'mermaid' | 'plantuml' | 'pcapng' | 'lesson' | 'lesson-link';

const formats: readonly { format: Format; label: MessageKey; title: MessageKey }[] = [
  { format: 'svg', label: 'teacher.export.svg', title: 'teacher.export.svgTitle' },
  { format: 'png', label: 'teacher.export.png', title: 'teacher.export.pngTitle' },
  { format: 'mermaid', label: 'teacher.export.mermaid', title: 'teacher.export.mermaidTitle' },
  { format: 'plantuml', label: 'teacher.export.plantuml', title: 'teacher.export.plantumlTitle' },
  { format: 'pcapng', label: 'teacher.export.pcapng', title: 'teacher.export.pcapngTitle' },
  // The lesson itself (not its trace): a file to edit and publish, or a link that carries it.
  { format: 'lesson', label: 'teacher.export.lesson', title: 'teacher.export.lessonTitle' },
  { format: 'lesson-link', label: 'teacher.export.lessonLink', title: 'teacher.export.lessonLinkTitle' },
];

const lessonFormats: ReadonlySet<Format> = new Set(['lesson', 'lesson-link']);
/** The hooks issue 13 names for the lesson's own exports; the others are `export-<format>`. */
const testIds: Partial<Record<Format, string>> = { lesson: 'save-lesson', 'lesson-link': 'share-lesson' };

type T = ReturnType<typeof useT>;

/** The lesson itself: a JSON file to edit, or a link that carries it whole. Returns the status line. */
async function exportLesson(t: T, format: Format, scenario: Scenario, showLink: (link: string) => void) {
  if (format === 'lesson') {
    const file = `${scenario.id}.json`;
    downloadBlob(new Blob([`${JSON.stringify(scenario, null, 2)}\n`], { type: 'application/json' }), file);
    return t('teacher.export.saved', { file });
  }
  const made = await lessonLink(scenario, window.location, window.location.search);
  showLink(made);
  const copied = await copyText(made);
  return t(copied ? 'teacher.export.linkCopied' : 'teacher.export.linkShown', { chars: String(made.length) });
}

/** The trace: the diagram up to the step (SVG, PNG, Mermaid, PlantUML) or all of it (pcapng). */
async function exportTrace(t: T, format: Format, state: AppStore, trace: Trace): Promise<string> {
  const shownEvents = shownEventCount(trace, state.cursor);
  const options = { shownEvents, seqMode: state.seqMode, lang: state.lang };
  if (format === 'pcapng') {
    // The whole Trace, whatever the step: a capture is read in Wireshark from its start.
    const { traceToPcapng } = await import('../../trace/export/pcapng');
    const { bytes } = traceToPcapng(trace, { application: 'Wirestep' });
    const file = pcapngFileName(state.scenarioId);
    downloadBlob(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }), file);
    return t('teacher.export.saved', { file });
  }
  if (format === 'plantuml') {
    const file = exportFileName(state.scenarioId, state.cursor, 'puml');
    downloadBlob(new Blob([toPlantUml(trace, options)], { type: 'text/plain;charset=utf-8' }), file);
    return t('teacher.export.saved', { file });
  }
  if (format === 'mermaid') {
    const text = toMermaid(trace, options);
    const file = exportFileName(state.scenarioId, state.cursor, 'mmd');
    downloadBlob(new Blob([text], { type: 'text/plain;charset=utf-8' }), file);
    const copied = await copyText(text);
    return t(copied ? 'teacher.export.copied' : 'teacher.export.saved', { file });
  }
  const { renderDiagramSvgString } = await import('../diagram/exportSvg');
  const svg = await renderDiagramSvgString(trace, { ...options, presentation: state.presentation, theme: state.theme });
  const file = exportFileName(state.scenarioId, state.cursor, format);
  const blob =
    format === 'svg'
      ? new Blob([`<?xml version="1.0" encoding="UTF-8"?>\n${svg}`], { type: 'image/svg+xml;charset=utf-8' })
      : await svgToPng(svg, 2);
  downloadBlob(blob, file);
  return t('teacher.export.saved', { file });
}

export function ExportButtons() {
  const t = useT();
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const hasTrace = useAppStore(selectHasTrace);
  const hasLesson = useAppStore(selectCurrentScenario) !== undefined;
  const [link, setLink] = useState<string | null>(null);

  const run = async (format: Format) => {
    // Read at click time: the buttons do not re-render at every step.
    const state = useAppStore.getState();
    setBusy(true);
    setLink(null);
    try {
      if (lessonFormats.has(format)) {
        const scenario = currentScenario(state);
        if (scenario !== undefined) setStatus(await exportLesson(t, format, scenario, setLink));
      } else if (state.trace !== null) setStatus(await exportTrace(t, format, state, state.trace));
    } catch (error) {
      setStatus(t('teacher.export.failed', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
    }
  };

  // One "Export" menu: five formats in a row would push the view's toolbar onto a second line
  // at 1280 px and take that line from the diagram (issue 8's screen share).
  return (
    <div className="export" role="group" aria-label={t('teacher.export.label')}>
      <details className="export-menu" data-testid="export-menu">
        <summary className="button export-summary">{t('teacher.export')}</summary>
        <div className="export-formats">
          {formats.map(({ format, label, title }) => (
            <button
              key={format}
              type="button"
              className="button export-button"
              data-testid={testIds[format] ?? `export-${format}`}
              title={t(title)}
              aria-label={t(title)}
              disabled={busy || (lessonFormats.has(format) ? !hasLesson : !hasTrace)}
              onClick={(event) => {
                (event.currentTarget.closest('details') as HTMLDetailsElement | null)?.removeAttribute('open');
                void run(format);
              }}
            >
              {t(label)}
            </button>
          ))}
        </div>
      </details>
      <span className="export-status" role="status" data-testid="export-status">
        {status}
        {link !== null && (
          <input
            className="lesson-link"
            data-testid="lesson-link"
            readOnly
            value={link}
            aria-label={t('teacher.export.lessonLink')}
            onFocus={(event) => event.currentTarget.select()}
          />
        )}
      </span>
    </div>
  );
}
