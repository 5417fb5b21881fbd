import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { dockerProgressLine, parseBuildStreamLine, readJsonLines, scanDockerStream } from './build-stream.js';
import type { DockerProgress } from './types.js';

// Lines as the 20.10 engine sends them (legacy builder, push, import).
const COPY_FAILED =
  'COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist';

describe('parseBuildStreamLine', () => {
  it.each([
    [{ stream: 'Step 1/9 : ARG BASE_IMAGE=node:22-alpine\n' }, { kind: 'build-step', step: 1, total: 9, instruction: 'ARG BASE_IMAGE=node:22-alpine' }],
    [{ stream: '\n' }, { kind: 'line', text: '' }],
    [{ stream: ' ---> 9f1b2c3d4e5f\n' }, { kind: 'line', text: '---> 9f1b2c3d4e5f' }],
    [{ aux: { ID: 'sha256:0a1b2c' } }, { kind: 'aux', imageId: 'sha256:0a1b2c' }],
    [{ errorDetail: { message: COPY_FAILED }, error: COPY_FAILED }, { kind: 'error', message: COPY_FAILED }],
    [
      { errorDetail: { code: 1, message: "The command '/bin/sh -c false' returned a non-zero code: 1" }, error: 'x' },
      { kind: 'error', message: "The command '/bin/sh -c false' returned a non-zero code: 1" },
    ],
    [{ error: 'only the old field' }, { kind: 'error', message: 'only the old field' }],
    [{ status: 'The push refers to repository [127.0.0.1:5000/demo]' }, { kind: 'line', text: 'The push refers to repository [127.0.0.1:5000/demo]' }],
    [{ status: 'Preparing', progressDetail: {}, id: '5f70bf18a086' }, { kind: 'line', text: '5f70bf18a086: Preparing' }],
    [
      { status: 'Pushing', progressDetail: { current: 512, total: 1024 }, progress: '[====>  ] 512B/1.024kB', id: '5f70bf18a086' },
      { kind: 'push-bytes', layer: '5f70bf18a086', status: 'Pushing', done: 512, total: 1024 },
    ],
    [{ status: 'Pushing', progressDetail: { current: 5_200_000 }, id: 'a' }, { kind: 'line', text: '' }], // no total: no fraction to show
    [{ status: 'v2: digest: sha256:4a2b size: 528' }, { kind: 'line', text: 'v2: digest: sha256:4a2b size: 528' }],
    [{ progressDetail: {}, aux: { Tag: 'v2', Digest: 'sha256:4a2b', Size: 528 } }, { kind: 'digest', digest: 'sha256:4a2b' }],
    [{ status: 'sha256:02e1ade6' }, { kind: 'line', text: 'sha256:02e1ade6' }],
  ])('%j', (line, event) => {
    expect(parseBuildStreamLine(line)).toEqual(event);
  });
});

describe('dockerProgressLine', () => {
  it('prints progress as Docker does', () => {
    expect(dockerProgressLine({ kind: 'build-step', step: 3, total: 7, instruction: 'COPY dist ./' })).toBe('Step 3/7 : COPY dist ./');
    expect(dockerProgressLine({ kind: 'push-bytes', layer: '5f70bf18a086', status: 'Pushing', done: 5_200_000, total: 10_100_000 })).toBe('5f70bf18a086: Pushing 5.2MB/10.1MB');
    expect(dockerProgressLine({ kind: 'line', text: '---> 9f1b' })).toBe('---> 9f1b');
  });

  it('prints a parsed build step back exactly as the engine sent it', () => {
    const line = 'Step 12/14 : RUN echo "a : b" && true';
    expect(dockerProgressLine(parseBuildStreamLine({ stream: `${line}\n` }) as DockerProgress)).toBe(line);
  });
});

describe('readJsonLines / scanDockerStream', () => {
  it('reassembles objects split across chunks and collects errors, aux and digest', async () => {
    const body =
      '{"stream":"Step 1/2 : FROM x"}\r\n{"stream":"\\n"}\r\n{"stream":" ---> 9f1b"}\r\n{"aux":{"ID":"sha256:0a"}}\r\n' +
      `{"errorDetail":{"message":"boom"},"error":"boom"}\r\n{"aux":{"Tag":"v2","Digest":"sha256:4a"}}\r\n`;
    const chunks = [body.slice(0, 7), body.slice(7, 50), body.slice(50)];
    const progress: DockerProgress[] = [];
    const scanned = await scanDockerStream(Readable.from(chunks), (event) => progress.push(event));
    expect(scanned).toEqual({ errors: ['boom'], imageId: 'sha256:0a', digest: 'sha256:4a' });
    expect(progress).toEqual([
      { kind: 'build-step', step: 1, total: 2, instruction: 'FROM x' },
      { kind: 'line', text: '---> 9f1b' },
    ]);
  });

  it('passes a non-JSON line on as plain text', async () => {
    const seen: unknown[] = [];
    await readJsonLines(Readable.from(['not json\n{"status":"ok"}']), (obj) => seen.push(obj));
    expect(seen).toEqual([{ stream: 'not json' }, { status: 'ok' }]);
  });
});
