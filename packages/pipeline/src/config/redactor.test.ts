import { describe, expect, it } from 'vitest';
import { Redactor } from './redactor.js';
import { base64Forms, urlEncodedForms } from './secret-forms.js';

// Characters that change under every encoding: + / = & space and a double quote.
const SECRET = 's3cr3t+/=Key&x y"z';
const PEM = ['-----BEGIN PRIVATE KEY-----', 'MIIBVgIBADANBgkqhkiG9w0BAQEFAASCAUAwggE8', 'AgEAAkEAq7BFUpkGp3+XQgXBYHPyZ1SJbq2fB0k', '-----END PRIVATE KEY-----'].join('\n');

const redactor = new Redactor([SECRET]);
const masked = (text: string) => redactor.redact(text);

describe('Redactor: raw values', () => {
  it('replaces every occurrence of every value, longest first, and ignores empty ones', () => {
    const r = new Redactor(['postgres://u:pw@db', 'abcdef12', 'abcdef12345', '']);
    expect(r.redact('connect postgres://u:pw@db twice: postgres://u:pw@db, key=abcdef12345 and abcdef12')).toBe(
      'connect [REDACTED] twice: [REDACTED], key=[REDACTED] and [REDACTED]',
    );
  });

  it("masks a url's password on its own, raw and decoded; short passwords only as part of the url", () => {
    const url = 'postgres://app:s%40cret-9@127.0.0.1:5432/app';
    expect(new Redactor([url]).redact(`url ${url} pw s%40cret-9 decoded s@cret-9`)).toBe('url [REDACTED] pw [REDACTED] decoded [REDACTED]');
    expect(new Redactor(['postgres://u:pw@db']).redact('a postgres://u:pw@db b pw')).toBe('a [REDACTED] b pw');
  });

  it('treats values literally, not as patterns', () => {
    expect(new Redactor(['a.b*c$1(x)']).redact('p=a.b*c$1(x) and axbxc$1xxx')).toBe('p=[REDACTED] and axbxc$1xxx');
  });

  it('leaves ordinary text alone, including text that shares characters with the secret and its encodings', () => {
    const ordinary = 'GET /health 200 s3cr3t Key x y "z" ok; base64 of nothing: AAAA; %20 and + signs; {"level":"info"}';
    expect(masked(ordinary)).toBe(ordinary);
    expect(new Redactor([]).redact(ordinary)).toBe(ordinary);
  });
});

describe('Redactor: encoded forms', () => {
  it('masks the URL-encoded forms: encodeURIComponent, form encoding with +, lower-case hex', () => {
    const component = encodeURIComponent(SECRET);
    const form = new URLSearchParams({ q: SECRET }).toString().slice(2);
    expect(form).toContain('+'); // the space really is a + here
    expect(masked(`?token=${component}&x=1`)).toBe('?token=[REDACTED]&x=1');
    expect(masked(`body: q=${form}`)).toBe('body: q=[REDACTED]');
    expect(masked(`lower ${component.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())}`)).toBe('lower [REDACTED]');
    expect(urlEncodedForms(SECRET)).toEqual(expect.arrayContaining([component, form, component.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())]));
  });

  it('masks the JSON-escaped form, also with escaped slashes', () => {
    const json = JSON.stringify({ token: SECRET });
    expect(json).toContain('\\"'); // the quote really is escaped
    expect(masked(json)).toBe('{"token":"[REDACTED]"}');
    expect(masked('{"token":"s3cr3t+\\/=Key&x y\\"z"}')).toBe('{"token":"[REDACTED]"}');
    expect(masked('{"token":"s3cr3t+/=Key\\u0026x y\\"z"}')).toBe('{"token":"[REDACTED]"}');
  });

  it('masks standard and URL-safe base64 of the value alone', () => {
    const value = 'pa??w0rd>>~~'; // its base64 has both + and /
    const standard = Buffer.from(value).toString('base64');
    const urlSafe = Buffer.from(value).toString('base64url');
    expect(standard).not.toBe(urlSafe);
    for (const text of [`auth ${standard} end`, `auth ${urlSafe} end`]) {
      expect(new Redactor([value]).redact(text)).toBe('auth [REDACTED] end'); // padding and the last partial character included
    }
  });

  it.each([0, 1, 2, 3, 4, 5])('masks the secret inside a longer base64 text at every byte alignment (%i bytes before it)', (before) => {
    const prefix = Buffer.from('prefix-bytes'.slice(0, before));
    const embedded = Buffer.concat([prefix, Buffer.from(SECRET), Buffer.from('-and-a-tail')]);
    for (const text of [embedded.toString('base64'), embedded.toString('base64url')]) {
      const out = masked(`data: ${text}`);
      expect(out).toContain('[REDACTED]');
      // What is left around the mask decodes to no more than the neighbours and a byte of the secret's edges.
      const left = out.replace('data: ', '').split('[REDACTED]');
      expect(left).toHaveLength(2);
      expect(left[0]!.length + left[1]!.length).toBeLessThan(text.length - 20);
    }
  });

  it('computes the whole encoding, then three alignments per alphabet, each cut to the characters only the secret decides', () => {
    const [whole, wholeUrl, ...aligned] = base64Forms('12345678');
    expect([whole, wholeUrl]).toEqual(['MTIzNDU2Nzg=', 'MTIzNDU2Nzg']);
    expect(aligned).toHaveLength(6);
    expect(aligned[0]).toBe('MTIzNDU2Nz'); // the partial "g=" dropped: inside a longer text it depends on the next byte
    for (const form of aligned) expect(form).not.toContain('=');
  });
});

describe('Redactor: multi-line secrets', () => {
  const pem = new Redactor([PEM]);

  it('masks the whole value with \\n or \\r\\n line endings', () => {
    expect(pem.redact(`key:\n${PEM}\nend`)).toBe('key:\n[REDACTED]\nend');
    expect(pem.redact(`key:\r\n${PEM.replace(/\n/g, '\r\n')}\r\nend`)).toBe('key:\r\n[REDACTED]\r\nend');
  });

  it('masks each line of it when the output is read line by line', () => {
    const lines = `key:\n${PEM}\nend`.split('\n').map((line) => pem.redact(line));
    expect(lines).toEqual(['key:', '[REDACTED]', '[REDACTED]', '[REDACTED]', '[REDACTED]', 'end']);
  });

  it('masks its encoded forms too', () => {
    expect(pem.redact(JSON.stringify({ key: PEM }))).toBe('{"key":"[REDACTED]"}');
    expect(pem.redact(Buffer.from(PEM).toString('base64'))).not.toContain(Buffer.from(PEM).toString('base64').slice(0, 40));
  });
});

describe('Redactor: redactDeep', () => {
  it('masks secrets in every nested string, leaves numbers, nulls and keys alone', () => {
    const value = { reason: 'connect postgres://u:s3cret-pw@db failed', n: 3, none: null, list: ['x', 'hook https://hooks.example/T/abc'], nested: { note: 's3cret-pw' } };
    expect(new Redactor(['postgres://u:s3cret-pw@db', 'https://hooks.example/T/abc']).redactDeep(value)).toEqual({
      reason: 'connect [REDACTED] failed',
      n: 3,
      none: null,
      list: ['x', 'hook [REDACTED]'],
      nested: { note: '[REDACTED]' },
    });
  });

  it('masks every string inside objects and arrays, structure and other values untouched', () => {
    const value = { message: `failed: ${SECRET}`, list: ['ok', encodeURIComponent(SECRET)], n: 3, nothing: null, flag: true };
    expect(redactor.redactDeep(value)).toEqual({ message: 'failed: [REDACTED]', list: ['ok', '[REDACTED]'], n: 3, nothing: null, flag: true });
  });
});

describe('Redactor: streams', () => {
  const run = (chunks: string[], r = redactor) => {
    const stream = r.stream();
    return chunks.map((c) => stream.write(c)).join('') + stream.end();
  };

  it.each([1, 2, 3, 5, 7, 13])('masks a secret split across chunks of %i characters', (size) => {
    const text = `before ${SECRET} middle ${Buffer.from(SECRET).toString('base64')} ${encodeURIComponent(SECRET)} after\n`;
    const chunks = text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g'))!;
    expect(run(chunks)).toBe(redactor.redact(text));
    expect(run(chunks)).not.toContain(SECRET.slice(0, 8));
  });

  it('masks a PEM key written in pieces that cut its lines', () => {
    const pem = new Redactor([PEM]);
    const text = `log line\n${PEM}\nnext line\n`;
    expect(run([text.slice(0, 40), text.slice(40, 41), text.slice(41, 90), text.slice(90)], pem)).toBe('log line\n[REDACTED]\nnext line\n');
  });

  it('prints a finished line at once: only an end that could still grow into a secret is held back', () => {
    const stream = redactor.stream();
    expect(stream.write('x'.repeat(500) + '\n')).toBe('x'.repeat(500) + '\n');
    expect(stream.write(`token ${SECRET.slice(0, 5)}`)).toBe('token ');
    expect(stream.write(SECRET.slice(5) + ' done\n')).toBe('[REDACTED] done\n');
    expect(stream.write(`not it: ${SECRET.slice(0, 5)}`)).toBe('not it: ');
    expect(stream.end()).toBe(SECRET.slice(0, 5)); // the stream ended: what was held is printed, masked if it must be
  });

  it('never holds back more than the longest form less one character', () => {
    const stream = redactor.stream();
    const text = `${'x'.repeat(300)}${SECRET.slice(0, -1)}`;
    const now = stream.write(text);
    expect(text.length - now.length).toBeLessThanOrEqual(redactor.longest - 1);
    expect(now).toBe('x'.repeat(300));
  });

  it('passes text straight through when there is nothing to mask', () => {
    const stream = new Redactor([]).stream();
    expect(stream.write('abc')).toBe('abc');
    expect(stream.end()).toBe('');
  });
});
