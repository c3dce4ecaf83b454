import { describe, expect, it } from 'vitest';
import { defaultOcrWorkers, ocrWorkerCount, ocrWorkersFromEnv, WORKER_BYTES } from './worker-count.js';

const GB = 1024 ** 3;

describe('how many OCR workers', () => {
  it('runs one per core when free memory allows it', () => {
    expect(defaultOcrWorkers({ cores: 4, freeBytes: 16 * GB })).toBe(4);
  });

  it('runs fewer than the cores when free memory would not hold them, keeping headroom', () => {
    // 2 GB free: 512 MB kept back, 1.5 GB left for ~190 MB workers.
    expect(defaultOcrWorkers({ cores: 16, freeBytes: 2 * GB })).toBe(8);
    // 8 GB free: a quarter (2 GB) kept back, 6 GB left.
    expect(defaultOcrWorkers({ cores: 64, freeBytes: 8 * GB })).toBe(Math.floor((6 * GB) / WORKER_BYTES));
  });

  it('always runs at least one', () => {
    expect(defaultOcrWorkers({ cores: 8, freeBytes: 300 * 1024 * 1024 })).toBe(1);
    expect(defaultOcrWorkers({ cores: 8, freeBytes: 0 })).toBe(1);
  });

  it('takes LOCKLEAF_OCR_WORKERS only as a whole number of at least 1', () => {
    expect(ocrWorkersFromEnv({ LOCKLEAF_OCR_WORKERS: '3' })).toBe(3);
    expect(ocrWorkersFromEnv({ LOCKLEAF_OCR_WORKERS: ' 2 ' })).toBe(2);
    for (const bad of ['0', '-1', '1.5', 'two', '', undefined])
      expect(ocrWorkersFromEnv({ LOCKLEAF_OCR_WORKERS: bad })).toBeUndefined();
  });

  it('lets the environment override the setting, and the setting override the default', () => {
    const machine = { cores: 4, freeBytes: 16 * GB };
    expect(ocrWorkerCount({ env: 1, setting: 3 }, machine)).toBe(1);
    expect(ocrWorkerCount({ setting: 3 }, machine)).toBe(3);
    expect(ocrWorkerCount({ setting: null }, machine)).toBe(4);
    expect(ocrWorkerCount({}, machine)).toBe(4);
  });
});
