// The run supervisor of the bridge server: starts a run for a connection once the scenario is
// resolved and within the bridge's limits, streams its events and status to that connection, and
// aborts it when the client cancels or leaves, the run takes too long or streams too many events,
// the client does not keep up, or the bridge shuts down. It keeps the book of active runs.
import type { BridgeMessage, RunMessage } from '../src/bridge-protocol/messages';
import type { Scenario } from '../src/scenario/schema';
import { validateScenario } from '../src/scenario/validate';
import type { LocalizedText, Trace } from '../src/trace/types';
import { errorText } from './error-text';
import { checkBridgeLimits, type BridgeLimits } from './limits';
import type { RefuseRun, RunScenario } from './run-contract';

export type StopReason = 'cancelled' | 'client-left' | 'timeout' | 'too-many-events' | 'slow-client' | 'shutdown';

export interface ActiveRun {
  readonly id: string;
  /** The first reason it was stopped for, once it was. */
  readonly stop: StopReason | undefined;
  /** Settles once the run has ended and its last message was sent. */
  readonly done: Promise<void>;
}

class Run implements ActiveRun {
  readonly controller = new AbortController();
  stop: StopReason | undefined;
  readonly done: Promise<void>;
  readonly finish: () => void;

  constructor(readonly id: string) {
    let finish = (): void => {};
    this.done = new Promise((resolve) => (finish = resolve));
    this.finish = finish;
  }
}

/** The connection a run belongs to, as the supervisor sees it. */
export interface RunClient {
  /** Sends to the client if it is open; false when nothing was sent. */
  send(message: BridgeMessage): boolean;
  /** Told the run once it starts... */
  attach(run: ActiveRun): void;
  /** ...and once it has ended. */
  detach(run: ActiveRun): void;
}

export interface RunSupervisorOptions {
  runScenario: RunScenario;
  /** The runner's own refusals, answered before `run-started`. */
  refuseRun?: RefuseRun;
  /** Built-in scenarios, for `run` by id. */
  scenarios: readonly Scenario[];
  limits: BridgeLimits;
  log: (line: string) => void;
}

type Resolved = { ok: true; scenario: Scenario } | { ok: false; error: LocalizedText };
type RunOutcome = { ok: true; trace: Trace } | { ok: false; error: unknown };

export class RunSupervisor {
  private readonly runs = new Set<Run>();
  private shuttingDown = false;

  constructor(private readonly options: RunSupervisorOptions) {}

  get activeRuns(): number {
    return this.runs.size;
  }

  /** Why no run may start at all right now, or undefined. */
  refusal(): LocalizedText | undefined {
    return this.shuttingDown ? stopText('shutdown', this.options.limits) : undefined;
  }

  /** Runs one `run` request to its end; every outcome is a message to the client, never a throw. */
  async start(runId: string, message: RunMessage, client: RunClient): Promise<void> {
    const { limits } = this.options;
    const fail = (text: LocalizedText): void => void client.send({ type: 'run-failed', runId, error: text });
    if (this.runs.size >= limits.maxConcurrentRuns) {
      return fail({
        en: `the bridge is busy (${this.runs.size} runs at once, at most ${limits.maxConcurrentRuns}); try again when one ends`,
        fr: `le pont est occupé (${this.runs.size} exécutions en cours, au plus ${limits.maxConcurrentRuns}) ; réessayez quand l'une d'elles sera finie`,
      });
    }
    const resolved = resolveScenario(message, this.options.scenarios, limits);
    if (!resolved.ok) return fail(resolved.error);
    const [reason, ...others] = this.options.refuseRun?.(resolved.scenario, message.options) ?? [];
    if (reason !== undefined) {
      return fail({
        en: `cannot run on real sockets: ${reason.en}${more(others.length, 'en')}`,
        fr: `exécution réelle impossible : ${reason.fr}${more(others.length, 'fr')}`,
      });
    }
    const run = this.open(runId, client);
    const timer = setTimeout(() => this.stop(run, 'timeout'), limits.maxDurationMs);
    client.send({ type: 'run-started', runId });
    try {
      const outcome = await this.execute(run, resolved.scenario, message, client);
      this.report(run, outcome, client, fail);
    } finally {
      clearTimeout(timer);
      this.runs.delete(run);
      client.detach(run);
      run.finish();
    }
  }

  /** Aborts a run once; the first reason is the one reported. */
  stop(run: ActiveRun, reason: StopReason): void {
    // Only this supervisor makes runs: the public type hides their controller.
    if (!(run instanceof Run) || run.stop !== undefined) return;
    run.stop = reason;
    run.controller.abort(new Error(`run stopped: ${reason}`));
  }

  /** Refuses new runs, stops every active one; resolves once they have all ended. */
  shutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const run of this.runs) this.stop(run, 'shutdown');
    return Promise.all([...this.runs].map((run) => run.done)).then(() => {});
  }

  private open(runId: string, client: RunClient): Run {
    const run = new Run(runId);
    client.attach(run);
    this.runs.add(run);
    return run;
  }

  /** Calls the runner; events and status reach the client only while the run is live. */
  private async execute(run: Run, scenario: Scenario, message: RunMessage, client: RunClient): Promise<RunOutcome> {
    const { signal } = run.controller;
    const { maxEventsPerRun } = this.options.limits;
    let events = 0;
    let settled = false;
    try {
      const trace = await Promise.resolve().then(() =>
        this.options.runScenario(scenario, {
          signal,
          onEvent: (event) => {
            if (settled || signal.aborted) return;
            events += 1;
            if (events > maxEventsPerRun) return this.stop(run, 'too-many-events');
            client.send({ type: 'trace-event', runId: run.id, event });
          },
          onStatus: (status) => {
            if (settled || signal.aborted) return;
            client.send({ type: 'run-status', runId: run.id, text: status.text });
          },
          ...(message.options === undefined ? {} : { options: message.options }),
        }),
      );
      return { ok: true, trace };
    } catch (error) {
      return { ok: false, error };
    } finally {
      settled = true;
    }
  }

  /** The last message of a run: why it was stopped, its trace, or why it failed. */
  private report(run: Run, outcome: RunOutcome, client: RunClient, fail: (text: LocalizedText) => void): void {
    if (run.stop !== undefined) return fail(stopText(run.stop, this.options.limits));
    if (outcome.ok) {
      if (!client.send({ type: 'run-finished', runId: run.id, trace: outcome.trace })) {
        fail({ en: 'the trace could not be sent', fr: "la trace n'a pas pu être envoyée" });
      }
      return;
    }
    this.options.log(`bridge: run ${run.id} failed: ${errorText(outcome.error)}`);
    const why = errorText(outcome.error).slice(0, 1000);
    fail({ en: `the run failed: ${why}`, fr: `l'exécution a échoué : ${why}` });
  }
}

/** The scenario a `run` names or carries, valid and within the bridge's limits. */
export function resolveScenario(message: RunMessage, scenarios: readonly Scenario[], limits: BridgeLimits): Resolved {
  const found = 'scenarioId' in message ? findBuiltin(message.scenarioId, scenarios) : validated(message.scenario);
  if (!found.ok) return found;
  const [first, ...others] = checkBridgeLimits(found.scenario, limits);
  if (first === undefined) return found;
  return {
    ok: false,
    error: {
      en: `cannot run on real sockets: ${first.path}: ${first.text.en}${more(others.length, 'en')}`,
      fr: `exécution réelle impossible : ${first.path} : ${first.text.fr}${more(others.length, 'fr')}`,
    },
  };
}

function findBuiltin(id: string, scenarios: readonly Scenario[]): Resolved {
  const scenario = scenarios.find((s) => s.id === id);
  if (scenario !== undefined) return { ok: true, scenario };
  return { ok: false, error: { en: `unknown scenario "${id}"`, fr: `scénario inconnu « ${id} »` } };
}

function validated(candidate: unknown): Resolved {
  const result = validateScenario(candidate);
  if (result.ok) return { ok: true, scenario: result.scenario };
  const [first, ...others] = result.problems;
  const where = `${first?.path ?? '$'}: ${first?.message ?? 'invalid'}`;
  return {
    ok: false,
    error: {
      en: `invalid scenario: ${where}${more(others.length, 'en')}`,
      fr: `scénario invalide : ${where}${more(others.length, 'fr')}`,
    },
  };
}

export function stopText(reason: StopReason, limits: BridgeLimits): LocalizedText {
  switch (reason) {
    case 'cancelled':
      return { en: 'the run was cancelled', fr: "l'exécution a été annulée" };
    case 'client-left':
      return { en: 'the client left', fr: 'le client est parti' };
    case 'timeout':
      return {
        en: `the run was stopped after ${limits.maxDurationMs / 1000} s`,
        fr: `l'exécution a été arrêtée au bout de ${limits.maxDurationMs / 1000} s`,
      };
    case 'too-many-events':
      return {
        en: `the run was stopped after ${limits.maxEventsPerRun} events`,
        fr: `l'exécution a été arrêtée après ${limits.maxEventsPerRun} événements`,
      };
    case 'slow-client':
      return {
        en: 'the run was stopped: the page did not keep up with its events',
        fr: "l'exécution a été arrêtée : la page ne suivait pas le flot d'événements",
      };
    case 'shutdown':
      return { en: 'the bridge is shutting down', fr: "le pont s'arrête" };
  }
}

function more(count: number, lang: 'en' | 'fr'): string {
  if (count === 0) return '';
  return lang === 'en' ? ` (and ${count} more)` : ` (et ${count} autres)`;
}
