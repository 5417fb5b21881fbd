export type FieldValue = string | number | boolean;

export const show = (value: unknown): string => (value === undefined ? 'no such field' : JSON.stringify(value));

/** The value at a dotted path (`a.b`) of a parsed JSON body; undefined when any step is missing. */
export function at(body: unknown, path: string): unknown {
  let value = body;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !(key in value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** One problem per expected field that the body does not carry with exactly that value. */
export function checkJsonFields(label: string, expected: Readonly<Record<string, FieldValue>>, body: unknown): string[] {
  const fields = Object.entries(expected);
  if (fields.length === 0) return [];
  if (body === null || typeof body !== 'object') {
    return [`${label}: expected a JSON object with ${fields.map(([k]) => `"${k}"`).join(', ')}, got ${body === undefined ? 'a body that is not JSON' : show(body)}`];
  }
  return fields
    .filter(([path, want]) => at(body, path) !== want)
    .map(([path, want]) => `${label}: expected field "${path}" to be ${show(want)}, got ${show(at(body, path))}`);
}
