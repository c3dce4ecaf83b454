import { describe, expect, it } from 'vitest';
import { fileCeiling } from './memory-watchdog.js';

const MB = 1024 * 1024;

describe('memory ceiling for one file', () => {
  it('is the limit while the process holds less than half of it', () => {
    expect(fileCeiling(1024 * MB, 300 * MB)).toBe(1024 * MB);
    expect(fileCeiling(1024 * MB, 512 * MB)).toBe(1024 * MB);
  });

  it('lets a file add half the limit where other work already holds more (many OCR workers)', () => {
    expect(fileCeiling(1024 * MB, 1500 * MB)).toBe(2012 * MB);
  });
});
