// Errors as one line for the bridge's log and its messages: a multi-line message would break both.
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ');
}
