// The diagram of the Trace on screen, with everything it draws read from the store: the main
// view and the embed draw the same one (the embed without the packet pane).
import {
  dispatch,
  selectAnimate,
  selectLang,
  selectPresentation,
  selectSeqMode,
  selectShownEvents,
  selectTimeScale,
  selectTrace,
  useAppStore,
} from '../../store';
import { selectEventFilter } from '../../store/filter-selectors';
import { Diagram } from './Diagram';

const selectEvent = (eventIndex: number) => dispatch({ type: 'selectEvent', eventIndex });

export function StoreDiagram({ packetPane = true }: { packetPane?: boolean }) {
  const trace = useAppStore(selectTrace);
  const shownEvents = useAppStore(selectShownEvents);
  const seqMode = useAppStore(selectSeqMode);
  const animate = useAppStore(selectAnimate);
  const lang = useAppStore(selectLang);
  const presentation = useAppStore(selectPresentation);
  const timeScale = useAppStore(selectTimeScale);
  const show = useAppStore(selectEventFilter);
  if (trace === null) return null;
  return (
    <Diagram
      trace={trace}
      shownEvents={shownEvents}
      seqMode={seqMode}
      animate={animate}
      lang={lang}
      presentation={presentation}
      timeScale={timeScale}
      onSelectEvent={selectEvent}
      show={show}
      packetPane={packetPane}
    />
  );
}
