// The workspace of a selected scenario: one toolbar row (stepping, then the real run), the diagram
// (or the event list) as the largest zone, and the explanation first among the side panels, which
// the teacher can fold away. In presentation mode the step controls move into the header and the
// explanation goes under the diagram, like subtitles, so the drawing gets the width of the screen.
import { useState, type JSX } from 'react';
import type { MessageKey } from '../i18n';
import { useT } from './useT';
import {
  dispatch,
  selectComparing,
  selectCurrentEventIndex,
  selectError,
  selectFailed,
  selectHasTrace,
  selectPanelTab,
  selectPresentation,
  selectQuizOn,
  selectQuizWaiting,
  selectShownEvents,
  selectTrace,
  selectViewTab,
  useAppStore,
  type PanelTab,
  type ViewTab,
} from '../store';
import { CompareSlot } from './bridge/CompareSlot';
import { useScreenPrefs } from './controls/screenPrefs';
import { Icon } from './controls/Icon';
import { Legend } from './diagram/Legend';
import { ViewSlot } from './diagram/viewSlot';
import { RealRunBar } from './bridge/RealRunBar';
import { StepControls } from './controls/StepControls';
import { StoreDiagram } from './diagram/StoreDiagram';
import { ExportButtons } from './export/ExportButtons';
import { BytesPanel } from './panels/BytesPanel';
import { CodePanel } from './panels/CodePanel';
import { CongestionPlot } from './panels/CongestionPlot';
import { ExplanationPanel } from './panels/ExplanationPanel';
import { SettingsPanel } from './panels/SettingsPanel';
import { EditPanel } from './editor/EditPanel';
import { TcbPanel } from './panels/TcbPanel';
import { TsgView } from './panels/TsgView';
import { TraceTable } from './TraceTable';
import { QuizCard } from './quiz/QuizCard';
import { FaultBar } from './faults/FaultBar';
import { GuideBanner } from './guide/GuideBanner';
import { selectEventFilter } from '../store/filter-selectors';

function MainView() {
  const trace = useAppStore(selectTrace);
  const shownEvents = useAppStore(selectShownEvents);
  const currentIndex = useAppStore(selectCurrentEventIndex);
  const presentation = useAppStore(selectPresentation);
  const tab = useAppStore(selectViewTab);
  const show = useAppStore(selectEventFilter);
  if (trace === null) return null;
  if (tab === 'events' && !presentation) {
    return <TraceTable trace={trace} shownEvents={shownEvents} currentIndex={currentIndex} show={show} />;
  }
  if (tab === 'tsg' && !presentation) return <TsgView trace={trace} />;
  return <StoreDiagram />;
}

interface TabSpec<T extends string> {
  id: T;
  label: MessageKey;
}

function Tabs<T extends string>(props: {
  label: string;
  prefix: string;
  tabs: readonly TabSpec<T>[];
  selected: T;
  onSelect: (id: T) => void;
}): JSX.Element {
  const t = useT();
  return (
    <div className="tabs" role="tablist" aria-label={props.label}>
      {props.tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={`${props.prefix}-tab-${tab.id}`}
          data-testid={`${props.prefix}-${tab.id}`}
          aria-selected={tab.id === props.selected}
          aria-controls={`${props.prefix}-panel`}
          tabIndex={tab.id === props.selected ? 0 : -1}
          onClick={() => props.onSelect(tab.id)}
          onKeyDown={(event) => {
            if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
            // Arrow keys move between tabs here, not through the timeline.
            event.preventDefault();
            const index = props.tabs.findIndex((candidate) => candidate.id === props.selected);
            const step = event.key === 'ArrowRight' ? 1 : -1;
            const next = props.tabs[(index + step + props.tabs.length) % props.tabs.length];
            if (next !== undefined) {
              props.onSelect(next.id);
              document.getElementById(`${props.prefix}-tab-${next.id}`)?.focus();
            }
          }}
        >
          {t(tab.label)}
        </button>
      ))}
    </div>
  );
}

const viewTabs: readonly TabSpec<ViewTab>[] = [
  { id: 'diagram', label: 'view.diagram' },
  { id: 'events', label: 'view.events' },
  { id: 'tsg', label: 'view.tsg' },
];

const panelTabs: readonly TabSpec<PanelTab>[] = [
  { id: 'tcb', label: 'tcb.tab' },
  { id: 'code', label: 'code.tab' },
  { id: 'bytes', label: 'bytes.tab' },
  { id: 'settings', label: 'settings.tab' },
  { id: 'edit', label: 'editor.tab' },
];

const panels: Record<PanelTab, () => JSX.Element> = {
  tcb: TcbPanel,
  code: CodePanel,
  bytes: BytesPanel,
  settings: SettingsPanel,
  edit: EditPanel,
};

function SidePanels() {
  const t = useT();
  const tab = useAppStore(selectPanelTab);
  const Panel = panels[tab];
  return (
    <section className="panel side-tabs" aria-label={t('panels.details')}>
      <Tabs
        label={t('panels.details')}
        prefix="panel"
        // The editor's tab shows while it is open (it opens from the code panel): five tabs do
        // not fit the side column at 1280 px.
        tabs={tab === 'edit' ? panelTabs : panelTabs.filter((spec) => spec.id !== 'edit')}
        selected={tab}
        onSelect={(id) => dispatch({ type: 'setPanelTab', tab: id })}
      />
      <div className="tab-panel" role="tabpanel" id="panel-panel" aria-labelledby={`panel-tab-${tab}`} tabIndex={0}>
        <Panel />
      </div>
    </section>
  );
}

function SimulationError() {
  const t = useT();
  const error = useAppStore(selectError);
  if (error === null) return null;
  return (
    <div className="banner error-banner trace-error" role="alert" data-testid="trace-error">
      {t('panels.simError', { message: error })}
    </div>
  );
}

/** The view header's toggles: the legend (diagram only) and the side column. */
function ViewToggles({ diagram }: { diagram: boolean }) {
  const t = useT();
  const prefs = useScreenPrefs();
  return (
    <div className="view-toggles">
      {diagram && (
        <button
          type="button"
          className="toggle-button"
          data-testid="legend-toggle"
          aria-pressed={prefs.legend}
          onClick={prefs.toggleLegend}
        >
          {t('legend.toggle')}
        </button>
      )}
      <button
        type="button"
        className="toggle-button icon-only"
        data-testid="side-toggle"
        aria-pressed={prefs.side}
        aria-label={t('panels.side')}
        title={t('panels.side')}
        onClick={prefs.toggleSide}
      >
        <Icon name="panel" />
      </button>
    </div>
  );
}

export function ScenarioView() {
  const t = useT();
  const presentation = useAppStore(selectPresentation);
  const viewTab = useAppStore(selectViewTab);
  const hasTrace = useAppStore(selectHasTrace);
  const failed = useAppStore(selectFailed);
  const comparing = useAppStore(selectComparing);
  const prefs = useScreenPrefs();
  // Where the diagram puts its packet pane: in the view header's row, not under the drawing.
  const [slot, setSlot] = useState<HTMLDivElement | null>(null);
  const quizOn = useAppStore(selectQuizOn);
  // A question waiting for its answer opens the folded side column: it is where it is asked.
  const quizWaiting = useAppStore(selectQuizWaiting);
  const diagramShown = presentation || viewTab === 'diagram';
  const side = presentation || prefs.side || quizWaiting;
  return (
    <main className="workspace">
      {!presentation && (
        <div className="toolbar-row">
          <StepControls />
          <RealRunBar />
        </div>
      )}
      <SimulationError />
      {!hasTrace && !failed && <p className="muted running">{t('trace.running')}</p>}
      {hasTrace && comparing && <CompareSlot />}
      {hasTrace && !comparing && (
        <div className={`stage${side ? '' : ' side-folded'}`}>
          <section className="panel view-area" aria-label={t('panels.view')}>
            {!presentation && (
              <div className="view-header">
                <Tabs
                  label={t('panels.view')}
                  prefix="view"
                  tabs={viewTabs}
                  selected={viewTab}
                  onSelect={(id) => dispatch({ type: 'setViewTab', tab: id })}
                />
                <div className="view-slot" ref={setSlot} />
                <ExportButtons />
                <ViewToggles diagram={diagramShown} />
              </div>
            )}
            {diagramShown && prefs.legend && <Legend />}
            <FaultBar />
            <div
              className="view-content"
              role={presentation ? undefined : 'tabpanel'}
              id="view-panel"
              aria-labelledby={presentation ? undefined : `view-tab-${viewTab}`}
              tabIndex={presentation ? undefined : 0}
            >
              <ViewSlot.Provider value={slot}>
                <MainView />
              </ViewSlot.Provider>
            </div>
          </section>
          {side && (
            <aside className="side" id="side-panels">
              {quizOn && <QuizCard />}
              <GuideBanner />
              <ExplanationPanel />
              <CongestionPlot />
              {!presentation && <SidePanels />}
            </aside>
          )}
        </div>
      )}
    </main>
  );
}
