// The boundary rule: only plain JSON data crosses between plexterm and the extension host.

/** Where `value` stops being plain JSON data (e.g. "a function at .handler"), or null when it is plain. */
export function plainDataProblem(value: unknown, path = '', seen = new Set<object>()): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `a non-finite number at ${path || 'the top'}`;
  if (typeof value !== 'object') return `${article(typeof value)} at ${path || 'the top'}`;
  if (seen.has(value)) return `a circular reference at ${path || 'the top'}`;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) {
        const problem = plainDataProblem(item, `${path}[${index}]`, seen);
        if (problem) return problem;
      }
      return null;
    }
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return `an instance of ${constructorName(value)} at ${path || 'the top'}`;
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue; // JSON drops undefined properties, as structured clone keeps them: both harmless
      const problem = plainDataProblem(item, `${path}.${key}`, seen);
      if (problem) return problem;
    }
    return null;
  } finally {
    seen.delete(value);
  }
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

function constructorName(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name ? name : 'a class';
}
