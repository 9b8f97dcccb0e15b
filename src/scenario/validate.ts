// Validation of untrusted scenario JSON: every problem is reported with its JSON path, then
// cross-references (hosts, sockets, variables) that a schema alone cannot check.
import { nestingProblem } from '../encoding/json-depth';
import type { Problem } from '../encoding/json-path';
import { schemaProblem } from '../encoding/schema-problems';
import { dataSpecBytes, scenarioLimits } from './limits';
import { scenarioSchema, type DataSpec, type Scenario, type Step } from './schema';

export type { Problem } from '../encoding/json-path';

export type ValidationResult = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

export function validateScenario(input: unknown): ValidationResult {
  // Before the schema: zod, the checks below and JSON.stringify all recurse into the input.
  const tooDeep = nestingProblem(input, scenarioLimits.maxNestingDepth);
  if (tooDeep !== undefined) return { ok: false, problems: [tooDeep] };
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => schemaProblem(issue)),
    };
  }
  const problems = crossCheck(parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, scenario: parsed.data };
}

/** Parses text then validates; a JSON syntax error becomes a problem at `$`. */
export function parseScenario(text: string): ValidationResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const why = (error as Error).message;
    return { ok: false, problems: [{ path: '$', message: `not valid JSON: ${why}`, fr: `JSON invalide : ${why}` }] };
  }
  return validateScenario(json);
}

function crossCheck(scenario: Scenario): Problem[] {
  const problems: Problem[] = [];
  const hostNames = new Set<string>();
  const addrs = new Set<string>();
  scenario.hosts.forEach((host, i) => {
    if (hostNames.has(host.name))
      problems.push({
        path: `$.hosts[${i}].name`,
        message: `duplicate host "${host.name}"`,
        fr: `hôte « ${host.name} » en double`,
      });
    if (addrs.has(host.addr))
      problems.push({
        path: `$.hosts[${i}].addr`,
        message: `duplicate address ${host.addr}`,
        fr: `adresse ${host.addr} en double`,
      });
    hostNames.add(host.name);
    addrs.add(host.addr);
  });
  const knownHost = (name: string, path: string): void => {
    if (!hostNames.has(name))
      problems.push({ path, message: `unknown host "${name}"`, fr: `hôte « ${name} » inconnu` });
  };
  scenario.links?.forEach((link, i) => {
    knownHost(link.from, `$.links[${i}].from`);
    knownHost(link.to, `$.links[${i}].to`);
  });
  scenario.faults?.forEach((fault, i) => {
    if (fault.type === 'crash') knownHost(fault.host, `$.faults[${i}].host`);
    else {
      knownHost(fault.from, `$.faults[${i}].from`);
      knownHost(fault.to, `$.faults[${i}].to`);
    }
  });
  for (const host of Object.keys(scenario.code ?? {})) knownHost(host, `$.code.${host}`);
  scenario.programs.forEach((program, i) => {
    knownHost(program.host, `$.programs[${i}].host`);
    checkSteps(program.steps, `$.programs[${i}].steps`, new Set(), 0, problems, hostNames);
  });
  scenario.questions?.forEach((question, i) => {
    if (question.answer >= question.choices.length)
      problems.push({
        path: `$.questions[${i}].answer`,
        message: `no choice ${question.answer}: it has ${question.choices.length}`,
        fr: `pas de choix ${question.answer} : la question en a ${question.choices.length}`,
      });
    const program = typeof question.at === 'string' ? Number(question.at.split('.')[0]) : -1;
    if (program >= scenario.programs.length)
      problems.push({
        path: `$.questions[${i}].at`,
        message: `no program ${program}: the scenario has ${scenario.programs.length}`,
        fr: `pas de programme ${program} : le scénario en a ${scenario.programs.length}`,
      });
  });
  return problems;
}

const loopNeededFr = (what: string): string => `${what} demande une boucle englobante (repeat ou loop)`;

/** Checks that every name a step reads was bound by an earlier step (as, fromAs, accept). */
function checkSteps(
  steps: readonly Step[],
  path: string,
  bound: Set<string>,
  loopDepth: number,
  problems: Problem[],
  hostNames: Set<string>,
): void {
  const need = (name: string | undefined, where: string): void => {
    if (name !== undefined && !bound.has(name))
      problems.push({
        path: where,
        message: `"${name}" is used before it is defined`,
        fr: `« ${name} » est lu avant d'être défini`,
      });
  };
  steps.forEach((step, i) => {
    const here = `${path}[${i}]`;
    if ('socket' in step) need(step.socket, `${here}.socket`);
    if ('data' in step) {
      checkData(step.data, `${here}.data`, need);
      checkDataBytes(step.data, `${here}.data`, problems);
    }
    if (step.op === 'sendgroup') need(step.exceptSocket, `${here}.exceptSocket`);
    if (step.op === 'sendto') {
      need(step.toVar, `${here}.toVar`);
      if (step.toVar === undefined && (step.host === undefined || step.port === undefined)) {
        problems.push({
          path: here,
          message: 'sendto needs host and port, or toVar',
          fr: 'sendto demande host et port, ou toVar',
        });
      }
    }
    if ((step.op === 'connect' || step.op === 'sendto') && step.host !== undefined) {
      // An address need not belong to a host: it models an unreachable one or a broadcast.
      const isAddr = /^\d+\.\d+\.\d+\.\d+$/.test(step.host);
      if (!isAddr && !hostNames.has(step.host))
        problems.push({
          path: `${here}.host`,
          message: `unknown host "${step.host}"`,
          fr: `hôte « ${step.host} » inconnu`,
        });
    }
    if (step.op === 'sleep' && step.backoff !== undefined && loopDepth === 0) {
      problems.push({
        path: `${here}.backoff`,
        message: 'backoff needs an enclosing repeat or loop',
        fr: loopNeededFr('backoff'),
      });
    }
    if (step.onError === 'break' && loopDepth === 0) {
      problems.push({
        path: `${here}.onError`,
        message: '"break" needs an enclosing repeat or loop',
        fr: loopNeededFr('« break »'),
      });
    }
    if ('onEof' in step && step.onEof === 'break' && loopDepth === 0) {
      problems.push({
        path: `${here}.onEof`,
        message: '"break" needs an enclosing repeat or loop',
        fr: loopNeededFr('« break »'),
      });
    }
    if (step.op === 'repeat' || step.op === 'loop') {
      checkSteps(step.steps, `${here}.steps`, bound, loopDepth + 1, problems, hostNames);
    }
    if (step.op === 'accept' && step.spawn) {
      const inner = new Set(bound);
      inner.add(step.as);
      checkSteps(step.spawn, `${here}.spawn`, inner, 0, problems, hostNames);
    }
    if ('as' in step && step.as !== undefined) bound.add(step.as);
    if (step.op === 'recvfrom' && step.fromAs !== undefined) bound.add(step.fromAs);
  });
}

function checkData(data: unknown, path: string, need: (name: string, where: string) => void): void {
  if (typeof data !== 'object' || data === null) return;
  if ('var' in data && typeof data.var === 'string') need(data.var, `${path}.var`);
  if ('lengthPrefixed' in data) checkData(data.lengthPrefixed, `${path}.lengthPrefixed`, need);
  if ('concat' in data && Array.isArray(data.concat))
    data.concat.forEach((d, i) => checkData(d, `${path}.concat[${i}]`, need));
}

/** A data spec's size, computed before the simulator allocates it. */
function checkDataBytes(data: DataSpec, path: string, problems: Problem[]): void {
  const bytes = dataSpecBytes(data);
  const { maxDataBytes } = scenarioLimits;
  if (bytes > maxDataBytes)
    problems.push({
      path,
      message: `makes ${bytes} bytes; a data spec may make at most ${maxDataBytes}`,
      fr: `produit ${bytes} octets ; une donnée peut en produire au plus ${maxDataBytes}`,
    });
}
