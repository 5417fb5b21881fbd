import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead.js';

describe('readAhead', () => {
  it('starts the read at once and hands its value to whoever takes it', async () => {
    let started = false;
    const take = readAhead(async () => {
      started = true;
      return 42;
    });
    expect(started).toBe(true);
    await expect(take()).resolves.toBe(42);
  });

  it('a failed read rejects where it is taken, and is no unhandled rejection when never taken', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      readAhead(() => Promise.reject(new Error('never taken')));
      const take = readAhead(() => Promise.reject(new Error('engine did not answer')));
      await new Promise((resolve) => setTimeout(resolve, 20));
      await expect(take()).rejects.toThrow('engine did not answer');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
