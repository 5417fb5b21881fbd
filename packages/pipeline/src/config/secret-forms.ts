// The ways a secret can reach an output: as is, split over lines, URL-encoded, JSON-escaped, base64-encoded.
import { MIN_SECRET_LENGTH } from './secrets.js';

// A URL password shorter than a secret is still masked where it stands alone, but never in encoded forms (too short to be unambiguous).
const MIN_URL_PASSWORD = 4;

/** Every string that must be masked for one secret value; empty for an empty value. */
export function secretForms(value: string): string[] {
  if (value.length === 0) return [];
  const wholes = wholeForms(value);
  const passwords = urlPasswords(value);
  const encodable = [...wholes, ...passwords].filter((v) => v.length >= MIN_SECRET_LENGTH);
  return [...new Set([...wholes, ...lineForms(value), ...passwords, ...encodable.flatMap(encodedForms)])];
}

// A multi-line value (a PEM key) may be printed with either line ending.
function wholeForms(value: string): string[] {
  if (!/[\r\n]/.test(value)) return [value];
  return [value, value.replace(/\r?\n/g, '\n'), value.replace(/\r?\n/g, '\r\n')];
}

// Output read line by line shows a multi-line secret one line at a time: each line long enough is masked on its own.
function lineForms(value: string): string[] {
  if (!/[\r\n]/.test(value)) return [];
  return value
    .split(/\r?\n/)
    .flatMap((line) => [line, line.trim()])
    .filter((line) => line.length >= MIN_SECRET_LENGTH);
}

/** A tool may print a connection url's password on its own (or decoded), so that part is masked too. */
function urlPasswords(value: string): string[] {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return [];
  try {
    const { password } = new URL(value);
    if (password.length < MIN_URL_PASSWORD) return [];
    return [password, decodeURIComponent(password)];
  } catch {
    return [];
  }
}

function encodedForms(value: string): string[] {
  return [...urlEncodedForms(value), ...jsonEscapedForms(value), ...base64Forms(value)];
}

// encodeURIComponent, form encoding (space as +, URLSearchParams' stricter set), and lower-case hex digits.
export function urlEncodedForms(value: string): string[] {
  const component = encodeURIComponent(value);
  const form = new URLSearchParams({ v: value }).toString().slice(2);
  const forms = [component, component.replace(/%20/g, '+'), form, encodeURI(value)];
  return [...forms, ...forms.map((f) => f.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()))];
}

// JSON.stringify's escaping, plus the variants other encoders emit: "\/", HTML-safe \u003c/\u003e/\u0026, ASCII-only \uXXXX.
export function jsonEscapedForms(value: string): string[] {
  const plain = JSON.stringify(value).slice(1, -1);
  const unicode = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  return [plain, plain.replace(/\//g, '\\/'), plain.replace(/[<>&]/g, unicode), plain.replace(/[^\x00-\x7f]/g, unicode)];
}

/**
 * The secret's bytes inside a longer base64 text start at one of three byte offsets; for each, the characters that
 * depend only on the secret (not on its neighbours) are the same wherever it sits. Standard and URL-safe alphabets,
 * and the whole encoding of the value alone.
 */
export function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  // Encoded on its own, the value ends in a partial character and padding: masked whole, edges included.
  const forms = [bytes.toString('base64'), bytes.toString('base64url')];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const first = Math.ceil((offset * 8) / 6); // characters that hold bits of the preceding bytes
    const last = Math.floor(((offset + bytes.length) * 8) / 6); // the next character mixes in the following bytes
    const core = encoded.slice(first, last);
    forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}
