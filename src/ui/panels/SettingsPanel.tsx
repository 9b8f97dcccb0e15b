// Live network conditions (each change re-runs the simulation), the seed, and display options.
import { useState } from 'react';
import type { MessageKey } from '../../i18n';
import { useT } from '../useT';
import {
  conditionLimits,
  dispatch,
  isValidCondition,
  parseSeed,
  selectAnimate,
  selectConditions,
  selectCurrentScenario,
  selectSeed,
  selectSeqMode,
  selectTimeScale,
  setConditions,
  setSeed,
  useAppStore,
  type NumericCondition,
} from '../../store';

interface FieldSpec {
  key: NumericCondition;
  label: MessageKey;
  testId: string;
  /** Shown in percent, stored as a probability. */
  percent?: boolean;
}

const fieldSpecs: readonly FieldSpec[] = [
  { key: 'latencyMs', label: 'settings.latency', testId: 'net-latency' },
  { key: 'jitterMs', label: 'settings.jitter', testId: 'net-jitter' },
  { key: 'lossProbability', label: 'settings.loss', testId: 'net-loss', percent: true },
  { key: 'duplicateProbability', label: 'settings.duplicate', testId: 'net-duplicate', percent: true },
  { key: 'reorderProbability', label: 'settings.reorder', testId: 'net-reorder', percent: true },
  { key: 'bandwidthKbps', label: 'settings.bandwidth', testId: 'net-bandwidth' },
];

/** Rounds away float noise such as 0.1 * 100 = 10.000000000000002. */
const tidy = (value: number) => String(Math.round(value * 1e6) / 1e6);

function ConditionField({ spec, value }: { spec: FieldSpec; value: number }) {
  const t = useT();
  const conditions = useAppStore(selectConditions);
  // A draft exists only while the learner is typing; otherwise the field shows the real value.
  const [draft, setDraft] = useState<string | null>(null);
  const scale = spec.percent === true ? 100 : 1;
  const parsed = draft === null ? value : Number(draft) / scale;
  const valid = draft === null || (draft.trim() !== '' && isValidCondition(spec.key, parsed));
  const id = `condition-${spec.key}`;
  return (
    <div className="field">
      <label htmlFor={id}>{t(spec.label)}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={0}
        max={conditionLimits[spec.key] * scale}
        step="any"
        data-testid={spec.testId}
        value={draft ?? tidy(value * scale)}
        aria-invalid={!valid}
        aria-describedby={valid ? undefined : `${id}-error`}
        onChange={(event) => {
          const text = event.target.value;
          setDraft(text);
          const next = Number(text) / scale;
          if (text.trim() !== '' && isValidCondition(spec.key, next) && next !== value) {
            setConditions({ ...conditions, [spec.key]: next });
          }
        }}
        onBlur={() => setDraft(null)}
      />
      {!valid && (
        <span id={`${id}-error`} className="field-error">
          {t('settings.invalid', { max: conditionLimits[spec.key] * scale })}
        </span>
      )}
    </div>
  );
}

function SeedField() {
  const t = useT();
  const seed = useAppStore(selectSeed);
  const [draft, setDraft] = useState<string | null>(null);
  const valid = draft === null || parseSeed(draft) !== undefined;
  return (
    <div className="field">
      <label htmlFor="seed-input">{t('scenario.seed')}</label>
      <input
        id="seed-input"
        data-testid="seed-input"
        inputMode="numeric"
        value={draft ?? String(seed)}
        aria-invalid={!valid}
        aria-describedby="seed-hint"
        onChange={(event) => {
          setDraft(event.target.value);
          const next = parseSeed(event.target.value);
          if (next !== undefined && next !== seed) setSeed(next);
        }}
        onBlur={() => setDraft(null)}
      />
      <span id="seed-hint" className="muted small">
        {t('scenario.seedHint')}
      </span>
    </div>
  );
}

/** A labelled row of mutually exclusive buttons (one pressed), for a display setting. */
function SegmentedField<T extends string>(props: {
  id: string;
  label: string;
  choices: readonly { value: T; text: string; title?: string; testId: string }[];
  value: T;
  onChoose: (value: T) => void;
}) {
  return (
    <div className="field-row">
      <span className="field-label" id={props.id}>
        {props.label}
      </span>
      <div className="segmented" role="group" aria-labelledby={props.id}>
        {props.choices.map((choice) => (
          <button
            key={choice.value}
            type="button"
            data-testid={choice.testId}
            aria-pressed={props.value === choice.value}
            title={choice.title}
            onClick={() => props.onChoose(choice.value)}
          >
            {choice.text}
          </button>
        ))}
      </div>
    </div>
  );
}

/** Compressed or proportional time (issue 8); the lesson's own choice until the learner picks. */
function TimeScaleField() {
  const t = useT();
  const timeScale = useAppStore(selectTimeScale);
  return (
    <SegmentedField
      id="time-scale-label"
      label={t('settings.timeScale')}
      choices={(['compressed', 'proportional'] as const).map((mode) => ({
        value: mode,
        text: t(`settings.timeScale.${mode}`),
        title: t(`settings.timeScale.${mode}Title`),
        testId: `time-${mode}`,
      }))}
      value={timeScale}
      onChoose={(mode) => dispatch({ type: 'setTimeScale', timeScale: mode })}
    />
  );
}

export function SettingsPanel() {
  const t = useT();
  const conditions = useAppStore(selectConditions);
  const seqMode = useAppStore(selectSeqMode);
  const animate = useAppStore(selectAnimate);
  const scenario = useAppStore(selectCurrentScenario);
  const base = scenario?.link ?? {};
  const nagle = conditions.nagle ?? true;
  const profile = conditions.profile ?? scenario?.profile ?? 'linux';
  return (
    <div className="settings-panel">
      <fieldset>
        <legend>{t('settings.network')}</legend>
        <p className="muted small">{t('settings.networkHint')}</p>
        <div className="fields">
          {fieldSpecs.map((spec) => (
            <ConditionField key={spec.key} spec={spec} value={conditions[spec.key] ?? base[spec.key] ?? 0} />
          ))}
          <div className="field">
            <label htmlFor="condition-profile">{t('settings.profile')}</label>
            <select
              id="condition-profile"
              data-testid="net-profile"
              value={profile}
              onChange={(event) =>
                setConditions({ ...conditions, profile: event.target.value === 'rfc' ? 'rfc' : 'linux' })
              }
            >
              <option value="linux">{t('settings.profile.linux')}</option>
              <option value="rfc">{t('settings.profile.rfc')}</option>
            </select>
          </div>
          <SeedField />
        </div>
        <label className="check">
          <input
            type="checkbox"
            data-testid="net-nagle"
            checked={nagle}
            onChange={(event) => setConditions({ ...conditions, nagle: event.target.checked ? undefined : false })}
          />
          {t('settings.nagle')} <span className="muted small">{t('settings.nagleHint')}</span>
        </label>
        <button
          type="button"
          className="button"
          data-testid="net-reset"
          disabled={Object.keys(conditions).length === 0}
          onClick={() => setConditions({})}
        >
          {t('settings.reset')}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t('settings.display')}</legend>
        <SegmentedField
          id="seq-mode-label"
          label={t('settings.seqMode')}
          choices={(['relative', 'absolute'] as const).map((mode) => ({
            value: mode,
            text: t(`settings.seq.${mode}`),
            testId: `seq-${mode}`,
          }))}
          value={seqMode}
          onChoose={(mode) => dispatch({ type: 'setSeqMode', seqMode: mode })}
        />
        <TimeScaleField />
        <label className="check">
          <input
            type="checkbox"
            data-testid="animate-toggle"
            checked={animate}
            onChange={(event) => dispatch({ type: 'setAnimate', animate: event.target.checked })}
          />
          {t('settings.animate')}
        </label>
      </fieldset>
    </div>
  );
}
