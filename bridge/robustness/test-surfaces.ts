// One function per input surface of the robustness suite: it takes one (possibly damaged) input
// through the module as the app, the CLI or the bridge would, and says what came out, checking
// the module's own bounds and output contract on the way.
import { findScenario } from '../../src/scenario/library';
import { parseScenario, validateScenario } from '../../src/scenario/validate';
import { parseClientMessage, parseBridgeMessage } from '../../src/bridge-protocol/messages';
import { simulate, type SimOptions } from '../../src/sim';
import { isValidCondition, toSimOptions, type NumericCondition } from '../../src/store/conditions';
import { speeds } from '../../src/store/playback';
import { parseUrlSettings, toSearch, type SharedState, type UrlSettings } from '../../src/store/url';
import { captureToTrace, parseCapture } from '../../src/trace/import';
import type { Trace } from '../../src/trace/types';
import { parseTrace, traceLimits, validateTrace, type Problem } from '../../src/trace/validate';
import { clean, clear, type Outcome } from './test-tally';

/** Events one simulated input may make: the suite's own cap, far under the default 1,000,000. */
export const simEventCap = 10_000;

const crash = (why: string): Outcome => ({ kind: 'crash', why });
const hang = (why: string): Outcome => ({ kind: 'hang', why });
const unclear = (why: string): Outcome => ({ kind: 'unclear', why });

/** A validator's refusal is clear when every problem has a JSON path and a message. */
export function problemsOutcome(problems: readonly Problem[], maxProblems: number): Outcome {
  if (problems.length === 0) return unclear('refused with no problem listed');
  if (problems.length > maxProblems) return hang(`${problems.length} problems, past the bound of ${maxProblems}`);
  const internal = problems.find((p) => /internal error/i.test(p.message));
  if (internal !== undefined) return crash(`${internal.path}: ${internal.message}`);
  const unlocated = problems.find((p) => !p.path.startsWith('$') || p.message.length === 0);
  return unlocated === undefined ? clear : unclear(`problem without a path: ${JSON.stringify(unlocated)}`);
}

/** A produced Trace must pass the validator the app applies to a dropped file. */
function traceContract(trace: Trace): Outcome | undefined {
  if (trace.events.length > traceLimits.maxEvents) return hang(`${trace.events.length} events`);
  const checked = validateTrace(JSON.parse(JSON.stringify(trace)));
  if (checked.ok) return undefined;
  const first = checked.problems[0];
  return crash(`produced an invalid Trace: ${first?.path}: ${first?.message}`);
}

// ---- capture importer --------------------------------------------------------------------------

export function importOutcome(bytes: Uint8Array): Outcome {
  const result = parseCapture(bytes);
  const error = result.error;
  // parseCapture turns a decoder exception into an error at the record: that is a crash caught.
  if (error?.message.startsWith('internal error')) return crash(`at byte ${error.offset}: ${error.message}`);
  // Every record takes at least a 16-byte header: more packets than that means the reader looped.
  if (result.packets.length > Math.ceil(bytes.length / 16)) return hang(`${result.packets.length} packets`);
  if (result.bytesRead > bytes.length) return hang(`read ${result.bytesRead} of ${bytes.length} bytes`);
  const outside = result.packets.find((p) => p.offset + p.capturedLength > bytes.length);
  if (outside !== undefined) return crash(`packet ${outside.index} reaches past the end of the file`);
  const broken = traceContract(captureToTrace(result, { fileName: 'mutated.pcap' }));
  if (broken !== undefined) return broken;
  if (error === undefined) return clean;
  const located = Number.isInteger(error.offset) && error.offset >= 0 && error.offset <= bytes.length;
  return located && error.message.length > 0 ? clear : unclear(`error without a byte offset: ${error.message}`);
}

// ---- scenario validator + simulator -------------------------------------------------------------

export interface SimulatedInput {
  text: string;
  options: SimOptions;
}

export function scenarioOutcome({ text, options }: SimulatedInput): Outcome {
  const parsed = parseScenario(text);
  // The scenario validator lists every problem: at most one per character is in proportion.
  if (!parsed.ok) return problemsOutcome(parsed.problems, text.length + 1);
  const trace = simulate(parsed.scenario, { ...options, maxEvents: simEventCap });
  return simulatedContract(trace, parsed.scenario.limits?.maxDurationMs) ?? clean;
}

/** The simulator's own bounds: at most its event cap, nothing after its virtual-time limit. */
function simulatedContract(trace: Trace, maxDurationMs = 3_600_000): Outcome | undefined {
  if (trace.events.length > simEventCap) return hang(`${trace.events.length} events past the cap of ${simEventCap}`);
  const last = trace.events[trace.events.length - 1]?.t ?? 0;
  if (last > maxDurationMs * 1000) return hang(`an event at ${last} µs, past ${maxDurationMs} ms of virtual time`);
  return traceContract(trace);
}

// ---- Trace JSON --------------------------------------------------------------------------------

export function traceOutcome(text: string): Outcome {
  const checked = parseTrace(text);
  // The Trace validator stops at maxProblems and adds one line saying so.
  return checked.ok ? clean : problemsOutcome(checked.problems, traceLimits.maxProblems + 1);
}

// ---- URL parameters ----------------------------------------------------------------------------

export interface UrlInput {
  search: string;
  languages: string[];
}

/** What the parsed settings must satisfy whatever the URL held (the store trusts them). */
function urlContract(s: UrlSettings): string | undefined {
  if (s.lang !== 'en' && s.lang !== 'fr') return `lang ${String(s.lang)}`;
  if (s.step !== undefined && !(Number.isInteger(s.step) && s.step >= 0 && s.step < 1e9)) return `step ${s.step}`;
  if (s.seed !== undefined && !(Number.isInteger(s.seed) && s.seed >= 0 && s.seed <= 0xffff_ffff))
    return `seed ${s.seed}`;
  if (s.scenarioId !== undefined && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(s.scenarioId)) return `scenario ${s.scenarioId}`;
  if (s.speed !== undefined && !speeds.includes(s.speed)) return `speed ${s.speed}`;
  for (const [key, value] of Object.entries(s.conditions)) {
    if (typeof value === 'number' && !isValidCondition(key as NumericCondition, value)) return `${key} ${value}`;
  }
  return undefined;
}

function sharedState(s: UrlSettings): SharedState {
  return {
    lang: s.lang,
    scenarioId: s.scenarioId ?? null,
    seed: s.seed ?? 1,
    cursor: s.step ?? 0,
    conditions: s.conditions,
    presentation: s.presentation ?? false,
    seqMode: s.seqMode ?? 'relative',
    theme: s.theme ?? 'light',
    animate: s.animate ?? true,
    codeLang: s.codeLang ?? 'python',
    speed: s.speed ?? 1,
  };
}

/**
 * Parses the URL as the app does on load; the settings keep their contract, a link written from
 * them reads back the same without a problem, and a lesson it names simulates within the cap.
 */
export function urlOutcome({ search, languages }: UrlInput): Outcome {
  const settings = parseUrlSettings(search, languages);
  const broken = urlContract(settings);
  if (broken !== undefined) return crash(`parsed settings break the contract: ${broken}`);
  const state = sharedState(settings);
  const link = toSearch('', state);
  const again = parseUrlSettings(link, []);
  if (again.problems.length > 0 || toSearch('', sharedState(again)) !== link)
    return crash(`the link written from ${search} does not read back: ${link}`);
  const lesson = settings.scenarioId === undefined ? undefined : findScenario(settings.scenarioId);
  if (lesson !== undefined) {
    const trace = simulate(lesson, { ...toSimOptions(state.seed, settings.conditions), maxEvents: simEventCap });
    const bad = simulatedContract(trace, lesson.limits?.maxDurationMs);
    if (bad !== undefined) return bad;
  }
  if (settings.problems.length === 0) return clean;
  const unnamed = settings.problems.find((p) => p.param.length === 0);
  return unnamed === undefined ? clear : unclear('a problem that names no parameter');
}

// ---- bridge messages ---------------------------------------------------------------------------

/** A refusal says where: the JSON position, the message field, or the message's type. */
export function bridgeErrorOutcome(error: string): Outcome {
  if (error.length === 0 || error.length > 2000 || /\n/.test(error)) return unclear(`not one line: ${error}`);
  if (/internal error/i.test(error)) return crash(error);
  const located =
    // The frame is the place: V8 names the token and quotes the text around it.
    /^not valid JSON: /.test(error) ||
    /^expected a JSON object/.test(error) ||
    /^(missing "type"|unknown message type|"type" is )/.test(error) ||
    /^[a-z-]+: (\S+: )?\S/.test(error);
  return located ? clear : unclear(error);
}

/** A frame from the page, as the bridge reads it: parse, then the scenario's validation. */
export function clientMessageOutcome(text: string): Outcome {
  const parsed = parseClientMessage(text);
  if (!parsed.ok) return bridgeErrorOutcome(parsed.error);
  const message = parsed.message;
  if (message.type !== 'run' || !('scenario' in message)) return clean;
  const checked = validateScenario(message.scenario);
  return checked.ok ? clean : problemsOutcome(checked.problems, text.length + 1);
}

/** A frame from the bridge, as the page reads it (a finished run's Trace fully validated). */
export function bridgeMessageOutcome(text: string): Outcome {
  const parsed = parseBridgeMessage(text);
  return parsed.ok ? clean : bridgeErrorOutcome(parsed.error);
}
