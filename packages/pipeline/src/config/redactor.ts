// One redactor per command, built from every value Ferry treats as a secret, shared by every output sink.
import { secretForms } from './secret-forms.js';

export const REDACTED = '[REDACTED]';

/** Masks every secret value, and its encoded copies, in text; `stream()` does the same across chunk boundaries. */
export class Redactor {
  private readonly pattern: RegExp | null;
  private readonly byFirst = new Map<string, string[]>(); // forms by their first character, to find a form's start quickly
  /** The longest form masked: a stream never holds back more than one character less than this. */
  readonly longest: number;

  constructor(values: Iterable<string>) {
    const forms = [...new Set([...values].flatMap((value) => secretForms(value)))].sort((a, b) => b.length - a.length);
    this.longest = forms[0]?.length ?? 0;
    for (const form of forms) this.byFirst.set(form[0]!, [...(this.byFirst.get(form[0]!) ?? []), form]);
    // Alternatives longest first: at one position the regex takes the longest form, so nothing is left half-masked.
    this.pattern = forms.length ? new RegExp(forms.map(escapeRegExp).join('|'), 'g') : null;
  }

  redact(text: string): string {
    return this.pattern ? text.replace(this.pattern, REDACTED) : text;
  }

  /** Every string inside `value` masked; structure untouched (for --json, reports, the ledger, webhook bodies). */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.redactDeep(item)) as T;
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redactDeep(v)])) as T;
    return value;
  }

  /** For a stream (container logs, one-off output): write() returns what is safe to print now, end() the rest. */
  stream(): { write: (chunk: string) => string; end: () => string } {
    let held = '';
    return {
      write: (chunk) => {
        const { out, rest } = this.cut(held + chunk);
        held = rest;
        return out;
      },
      end: () => {
        const out = this.redact(held);
        held = '';
        return out;
      },
    };
  }

  // Only an end of the text that could still grow into a form is held back; a finished log line is printed at once.
  private cut(text: string): { out: string; rest: string } {
    if (!this.pattern) return { out: text, rest: '' };
    const safeEnd = this.incompleteFrom(text);
    let out = '';
    let done = 0;
    for (const match of text.matchAll(this.pattern)) {
      if (match.index >= safeEnd) break;
      out += text.slice(done, match.index) + REDACTED;
      done = match.index + match[0].length; // a whole form straddling safeEnd is complete: masked now
    }
    const end = Math.max(done, safeEnd);
    return { out: out + text.slice(done, end), rest: text.slice(end) };
  }

  /** Where the text's longest end that begins some form starts (within the last longest-1 characters); its length when none does. */
  private incompleteFrom(text: string): number {
    for (let start = Math.max(text.length - (this.longest - 1), 0); start < text.length; start++) {
      const end = text.slice(start);
      if ((this.byFirst.get(end[0]!) ?? []).some((form) => form.length > end.length && form.startsWith(end))) return start;
    }
    return text.length;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
