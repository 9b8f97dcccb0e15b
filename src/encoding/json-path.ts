// JSON paths for validation problems (`$.programs[0].steps[2].port`), shared by every validator.

export interface Problem {
  /** JSON path such as `$.programs[0].steps[2].port`. */
  path: string;
  message: string;
  /** The message in French, where the validator words it (the UI shows it in French). */
  fr?: string;
}

/** The path of a value inside a document, from its keys and indices. */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let out = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}
