import { z } from 'zod';
import { describeValue } from './fields.js';
import { hintFor } from './hints.js';
import { keyPathText, valueAt, type Issue, type KeyPath } from './issues.js';
import { closest } from './suggest.js';

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping of keys',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
};

/** Zod's issues as Ferry issues: expected vs found, plus the fix. `data` is what was parsed. */
export function zodIssues(error: z.ZodError, schema: z.ZodTypeAny, data: unknown): Issue[] {
  return error.issues.flatMap((issue): Issue[] => {
    const got = describeValue(valueAt(data, issue.path));
    const hint = hintFor(issue.path);
    switch (issue.code) {
      case z.ZodIssueCode.invalid_type:
        if (issue.received === 'undefined') return [{ path: issue.path, message: 'is required', hint }];
        if (issue.received === 'null') {
          const fix = 'give it a value or delete the key to use the default';
          return [{ path: issue.path, message: 'is empty', hint: hint ? `${fix}; ${hint}` : fix }];
        }
        return [{ path: issue.path, message: `should be ${TYPE_WORDS[issue.expected] ?? issue.expected} (got ${got})`, hint }];
      case z.ZodIssueCode.unrecognized_keys: {
        const known = knownKeys(schema, issue.path);
        return issue.keys.map((key) => {
          const guess = closest(key, known);
          return {
            path: [...issue.path, key],
            message: `unknown key (known: ${known.join(', ')})`,
            hint: guess ? `did you mean "${guess}"?` : 'remove it; every key is described in environments/README.md',
          };
        });
      }
      case z.ZodIssueCode.invalid_enum_value:
        return [{ path: issue.path, message: `should be one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')} (got ${got})`, hint }];
      case z.ZodIssueCode.custom:
        return [{ path: issue.path, message: issue.message, hint: (issue.params as { hint?: string } | undefined)?.hint }];
      default:
        return [{ path: issue.path, message: `${issue.message} (got ${got})`, hint }];
    }
  });
}

/** One line per issue, in file order: `file:line key/path: expected (got …); hint`. */
export function formatIssues(file: string, issues: readonly Issue[], lineOf: (path: KeyPath) => number): string {
  return issues
    .map((issue) => ({ issue, line: lineOf(issue.path) }))
    .sort((a, b) => a.line - b.line)
    .map(({ issue, line }) => `${file}:${line} ${keyPathText(issue.path)}: ${issue.message}${issue.hint ? `; ${issue.hint}` : ''}`)
    .join('\n');
}

// The keys a strict object accepts at `path`, found by walking the schema itself.
function knownKeys(schema: z.ZodTypeAny, path: KeyPath): string[] {
  let node = unwrap(schema);
  for (const segment of path) {
    if (node instanceof z.ZodObject) node = unwrap(node.shape[segment]);
    else if (node instanceof z.ZodRecord) node = unwrap(node.valueSchema);
    else if (node instanceof z.ZodArray) node = unwrap(node.element);
    else return [];
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function unwrap(schema: z.ZodTypeAny | undefined): z.ZodTypeAny | undefined {
  let node = schema;
  for (;;) {
    if (node instanceof z.ZodEffects) node = node.innerType();
    else if (node instanceof z.ZodDefault) node = node.removeDefault();
    else if (node instanceof z.ZodOptional || node instanceof z.ZodNullable) node = node.unwrap();
    else return node;
  }
}
