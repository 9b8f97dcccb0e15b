// The address forms of a lesson that is not built in, kept apart from lesson-source.ts so the
// first page reads its URL without loading the schema library.

/** The fragment part that carries a whole lesson: `#lesson=<deflated JSON, base64url>`. */
export const lessonFragmentKey = 'lesson=';

/** `?lesson=` as typed: an http(s) URL, absolute or relative to the page; anything else is refused. */
export function parseLessonUrl(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 2048) return undefined;
  try {
    const url = new URL(trimmed, 'https://base.invalid/');
    return url.protocol === 'https:' || url.protocol === 'http:' ? trimmed : undefined;
  } catch {
    return undefined;
  }
}

/** The lesson text in a `#lesson=` fragment; undefined when the hash carries none. */
export function lessonFragmentPayload(hash: string): string | undefined {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of text.split('&'))
    if (part.startsWith(lessonFragmentKey)) return part.slice(lessonFragmentKey.length);
  return undefined;
}

/** The hash without its `lesson=` part (other parts kept). */
export function withoutLessonFragment(hash: string): string {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const kept = text.split('&').filter((part) => part !== '' && !part.startsWith(lessonFragmentKey));
  return kept.length === 0 ? '' : `#${kept.join('&')}`;
}
