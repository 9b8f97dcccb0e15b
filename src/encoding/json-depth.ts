// Nesting depth of parsed JSON, measured without recursion: untrusted input is checked for depth
// before any validator or serializer recurses into it, so no input can overflow the stack.
import { jsonPath, type Problem } from './json-path';

/** One array or object met on the walk, with the way back to the root (for the path). */
interface Node {
  readonly value: object;
  readonly depth: number;
  readonly parent: Node | undefined;
  readonly key: string | number | undefined;
}

/**
 * The first array or object nested deeper than `maxDepth` levels (the root object is level 1), as
 * a problem at its JSON path; undefined when the value is within the bound. Iterative.
 */
export function nestingProblem(value: unknown, maxDepth: number): Problem | undefined {
  if (typeof value !== 'object' || value === null || !tooDeep(value, maxDepth)) return undefined;
  return firstTooDeep(value, maxDepth);
}

/** The fast pass, over every value once with no allocation per entry: is anything too deep? */
function tooDeep(root: object, maxDepth: number): boolean {
  const values: object[] = [root];
  const depths: number[] = [1];
  for (let value = values.pop(); value !== undefined; value = values.pop()) {
    const depth = depths.pop() ?? 1;
    if (depth > maxDepth) return true;
    if (Array.isArray(value)) {
      for (const child of value as unknown[]) push(child, depth + 1, values, depths);
    } else {
      const record = value as Record<string, unknown>;
      for (const key in record) if (Object.hasOwn(record, key)) push(record[key], depth + 1, values, depths);
    }
  }
  return false;
}

function push(child: unknown, depth: number, values: object[], depths: number[]): void {
  if (typeof child !== 'object' || child === null) return;
  values.push(child);
  depths.push(depth);
}

/** The slow pass, once something is known to be too deep: the first such value in document order. */
function firstTooDeep(value: object, maxDepth: number): Problem | undefined {
  const stack: Node[] = [{ value, depth: 1, parent: undefined, key: undefined }];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.depth > maxDepth) {
      return {
        path: pathOf(node),
        message: `nested deeper than ${maxDepth} levels (the limit)`,
        fr: `imbriqué sur plus de ${maxDepth} niveaux (la limite)`,
      };
    }
    const entries: [string | number, unknown][] = Array.isArray(node.value)
      ? node.value.map((child, i): [number, unknown] => [i, child])
      : Object.entries(node.value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string | number, unknown];
      if (typeof child === 'object' && child !== null) {
        stack.push({ value: child, depth: node.depth + 1, parent: node, key });
      }
    }
  }
  return undefined;
}

function pathOf(node: Node): string {
  const keys: (string | number)[] = [];
  for (let at: Node | undefined = node; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return jsonPath(keys.reverse());
}
