// The guided path's own words (issue 13), in both languages. They sit here as LocalizedText beside
// the components that show them, like a lesson's texts, rather than in the shared catalogues.
import type { LocalizedText } from '../../trace/types';
import type { PathStageId } from './path';

export const pathTexts = {
  // Still named "Scenarios", as the header's button that opens it.
  heading: { en: 'Scenarios: a suggested path', fr: 'Scénarios : un parcours conseillé' },
  intro: {
    en: 'The lessons in the order of the course, from one socket and one connection to complete applications. Each runs a small client–server program on a simulated network: open one, then step through it.',
    fr: 'Les leçons dans l’ordre du cours, d’une socket et d’une connexion jusqu’aux applications complètes. Chacune exécute un petit programme client–serveur sur un réseau simulé : ouvrez-en une, puis avancez pas à pas.',
  },
  /** `{count}` lessons, `{time}` their minutes added up. */
  total: { en: '{count} lessons, about {time} in all', fr: '{count} leçons, environ {time} en tout' },
  minutes: { en: '{minutes} min', fr: '{minutes} min' },
  minutesTitle: {
    en: 'About {minutes} minutes, reading each step',
    fr: 'Environ {minutes} minutes, en lisant chaque pas',
  },
  number: { en: 'Lesson {number}', fr: 'Leçon {number}' },
  goals: { en: 'Goals', fr: 'Objectifs' },
} satisfies Record<string, LocalizedText>;

export const stageTexts: Record<PathStageId, LocalizedText> = {
  connection: { en: 'Sockets and the TCP connection', fr: 'Les sockets et la connexion TCP' },
  transfer: { en: 'Data transfer: a byte stream', fr: 'Le transfert de données : un flux d’octets' },
  closing: { en: 'Closing a connection', fr: 'La fermeture d’une connexion' },
  udp: { en: 'UDP: datagrams without a connection', fr: 'UDP : des datagrammes sans connexion' },
  failures: { en: 'Errors, timeouts and losses', fr: 'Erreurs, délais dépassés et pertes' },
  options: { en: 'Common socket options', fr: 'Les options de socket courantes' },
  applications: { en: 'Complete applications', fr: 'Des applications complètes' },
  other: { en: 'More lessons', fr: 'Autres leçons' },
};

export const guideTexts = {
  watch: { en: 'What to watch for', fr: 'À observer' },
  recap: { en: 'What this lesson showed', fr: 'Ce que la leçon a montré' },
  hide: { en: 'Hide', fr: 'Masquer' },
  hideTitle: {
    en: 'Hide this note (it comes back with the next lesson)',
    fr: 'Masquer cette note (elle revient à la leçon suivante)',
  },
  changed: {
    en: 'You changed this lesson (its network, seed or faults, or a real run): this describes the lesson as written.',
    fr: 'Vous avez modifié cette leçon (réseau, graine ou pannes, ou exécution réelle) : ce texte décrit la leçon telle qu’elle est écrite.',
  },
  changedRecap: {
    en: 'You changed this run (its network, seed or faults, or a real run), so the recap of the lesson as written is not shown: it may not hold for what the diagram shows now.',
    fr: 'Vous avez modifié cette exécution (réseau, graine ou pannes, ou exécution réelle) : le bilan de la leçon telle qu’elle est écrite n’est pas affiché, car il peut ne plus valoir pour ce que montre le diagramme.',
  },
  next: { en: 'Next lesson', fr: 'Leçon suivante' },
  last: { en: 'This was the last lesson of the path.', fr: 'C’était la dernière leçon du parcours.' },
  stepLabel: { en: 'Lesson {number} of {count}', fr: 'Leçon {number} sur {count}' },
} satisfies Record<string, LocalizedText>;

/** "3 h 10 min" / "45 min". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
