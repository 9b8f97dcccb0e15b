// A schema's validation issue as a Problem in both languages: zod words its own issues in
// English, and its French locale gives the same issue in French. The few messages our schemas
// word themselves are translated here, by their exact English text.
import type { core } from 'zod';
import fr from 'zod/v4/locales/fr.js';
import { jsonPath, type Problem } from './json-path';

/** The custom messages of the scenario and Trace schemas, in French. */
const customFr: Record<string, string> = {
  'expected an identifier (letters, digits, - or _)': 'un identifiant attendu (lettres, chiffres, - ou _)',
  'expected a lower-case host name': "un nom d'hôte en minuscules attendu",
  'expected pairs of hex digits': 'des paires de chiffres hexadécimaux attendues',
  'expected a step such as "1.4" or "1.4:return"': 'une étape telle que « 1.4 » ou « 1.4:return » attendue',
  'expected a lower-case id such as tcp-echo': 'un identifiant en minuscules attendu, tel que tcp-echo',
  'expected "addr:port", e.g. "10.0.0.1:8080"': '« adresse:port » attendu, par exemple « 10.0.0.1:8080 »',
  'expected base64 (standard alphabet, padded)': 'du base64 attendu (alphabet standard, avec bourrage)',
  'expected windowRaw and windowShift together, with window = windowRaw × 2^windowShift':
    'windowRaw et windowShift attendus ensemble, avec window = windowRaw × 2^windowShift',
  // The Trace validator's error map words a missing field so.
  required: 'requis',
  'a crafted segment goes to another host': 'un segment forgé va vers un autre hôte',
  'an acknowledgment number needs the ACK flag': "un numéro d'acquittement demande le drapeau ACK",
  'at most 1460 bytes of data': 'au plus 1460 octets de données',
};

const frenchError = fr().localeError;

/** The French of one of our schemas' own messages, if the table has it. */
export function customFrench(message: string): string | undefined {
  return Object.hasOwn(customFr, message) ? customFr[message] : undefined;
}

/**
 * The French wording of an issue: ours from the table, zod's from its French locale. A refinement
 * of ours missing from the table keeps its English (zod's French would only say "invalid input").
 */
export function frenchMessage(issue: core.$ZodIssue): string {
  const custom = customFrench(issue.message);
  if (custom !== undefined) return custom;
  if (issue.code === 'custom') return issue.message;
  const worded = frenchError(issue as unknown as core.$ZodRawIssue);
  const text = typeof worded === 'string' ? worded : worded?.message;
  return text ?? issue.message;
}

/** The issue with its JSON path under `prefix`, in English and French. */
export function schemaProblem(issue: core.$ZodIssue, prefix: readonly PropertyKey[] = []): Problem {
  return { path: jsonPath([...prefix, ...issue.path]), message: issue.message, fr: frenchMessage(issue) };
}
