import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support.js';
import { UnlockThrottle } from './unlock-throttle.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

describe('unlock throttle', () => {
  it('counts every wrong attempt, also several at once (a double-click, two windows of one app)', async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'throttle.json');
    const counts = await Promise.all(Array.from({ length: 6 }, () => new UnlockThrottle(path).recordFailure()));
    expect(counts.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    await expect(new UnlockThrottle(path).check()).rejects.toMatchObject({
      code: 'UNLOCK_THROTTLED',
      details: { failures: 6 },
    });
  });
});
