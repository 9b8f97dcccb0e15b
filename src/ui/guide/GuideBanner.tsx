// A lesson's guide on screen (issue 13): before the first step, what to watch for; at the last
// step, what the lesson showed, with the next lesson of the path. It heads the side column, above
// the explanation the learner reads at every step (in presentation mode, beside it in the
// subtitles). Not above the diagram: at 1280×720 the drawing keeps its 60 % (75 % presenting) of
// the screen at the last step too, and nothing above it moves when the first step is taken.
import { useState } from 'react';
import { builtinScenarios } from '../../scenario/library';
import type { Scenario } from '../../scenario/schema';
import { selectCurrentScenario, selectLang, selectScenario, useAppStore, type AppStore } from '../../store';
import { selectShownPosition, selectShownStepCount } from '../../store/filter-selectors';
import { guidedPath } from './path';
import { guideTexts } from './texts';
import './guide.css';

const pathLessons = guidedPath(builtinScenarios).flatMap((stage) => stage.lessons);

/**
 * Whether the run on screen is not the lesson as written: the learner's seed, network conditions
 * or faults, or the real kernel's trace. The guide's texts were checked against the lesson as
 * written (src/ui/guide/guide.test.ts), so they then say so.
 */
const selectChanged = (state: AppStore): boolean => {
  const scenario = selectCurrentScenario(state);
  if (scenario === undefined) return false;
  return (
    state.seed !== (scenario.seed ?? 1) ||
    Object.keys(state.conditions).length > 0 ||
    state.faults.length > 0 ||
    state.source !== 'sim'
  );
};

/** The built-in lesson after this one on the path, when the lesson on screen is a built-in one. */
function nextOnPath(scenario: Scenario, loaded: boolean) {
  if (loaded) return undefined;
  const at = pathLessons.findIndex((lesson) => lesson.scenario.id === scenario.id);
  return at < 0 ? undefined : (pathLessons[at + 1] ?? null);
}

export function GuideBanner() {
  const scenario = useAppStore(selectCurrentScenario);
  const loaded = useAppStore((state) => state.loaded !== null);
  const lang = useAppStore(selectLang);
  const position = useAppStore(selectShownPosition);
  const total = useAppStore(selectShownStepCount);
  const changed = useAppStore(selectChanged);
  // Hidden for this lesson only: "watch:tcp-echo" or "recap:tcp-echo".
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const guide = scenario?.guide;
  if (scenario === undefined || guide === undefined || total === 0) return null;
  const phase = position === 0 ? 'watch' : position >= total ? 'recap' : undefined;
  if (phase === undefined || hidden.has(`${phase}:${scenario.id}`)) return null;
  const next = phase === 'recap' ? nextOnPath(scenario, loaded) : undefined;
  const text = phase === 'watch' ? guide.watchFor : guide.recap;
  return (
    <aside
      className={`panel guide-banner guide-${phase}`}
      data-testid={phase === 'watch' ? 'guide-watch' : 'guide-recap'}
      aria-labelledby="guide-banner-heading"
    >
      <div className="guide-banner-head">
        <h2 id="guide-banner-heading" className="guide-banner-heading">
          {guideTexts[phase][lang]}
        </h2>
        <button
          type="button"
          className="button guide-hide"
          data-testid="guide-hide"
          title={guideTexts.hideTitle[lang]}
          onClick={() => setHidden(new Set([...hidden, `${phase}:${scenario.id}`]))}
        >
          {guideTexts.hide[lang]}
        </button>
      </div>
      <div className="guide-banner-main">
        <div className="guide-banner-text">
          {/* A recap states what the lesson as written showed: after a fault, another network or a
              real run it may be false for the diagram on screen, so it gives way to saying so. */}
          {phase === 'recap' && changed ? (
            <p className="guide-changed" data-testid="guide-changed">
              {guideTexts.changedRecap[lang]}
            </p>
          ) : (
            <p className="guide-banner-body" lang={lang}>
              {text[lang]}
            </p>
          )}
          {changed && phase === 'watch' && (
            <p className="guide-changed" data-testid="guide-changed">
              {guideTexts.changed[lang]}
            </p>
          )}
          {next === null && <p className="guide-last">{guideTexts.last[lang]}</p>}
        </div>
        {next !== undefined && next !== null && (
          <button
            type="button"
            className="button guide-next"
            data-testid="guide-next"
            data-scenario-id={next.scenario.id}
            onClick={() => selectScenario(next.scenario.id)}
          >
            <span className="guide-next-label">{guideTexts.next[lang]}</span>
            <span className="guide-next-title">{`${next.number}. ${next.scenario.title[lang]}`}</span>
          </button>
        )}
      </div>
    </aside>
  );
}
