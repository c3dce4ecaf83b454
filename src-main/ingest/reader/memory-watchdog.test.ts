import { describe, expect, it } from 'vitest';
import { fileCeiling } from './memory-watchdog.js';

const MB = 1024 * 1024;

describe('memory ceiling for one file', () => {
  it('is the limit while the process holds less than three quarters of it', () => {
    expect(fileCeiling(1024 * MB, 300 * MB)).toBe(1024 * MB);
    expect(fileCeiling(1024 * MB, 768 * MB)).toBe(1024 * MB);
  });

  it('lets a file add a quarter of the limit where other work already holds more (many OCR workers)', () => {
    expect(fileCeiling(1024 * MB, 900 * MB)).toBe(1156 * MB);
    expect(fileCeiling(1024 * MB, 1500 * MB)).toBe(1756 * MB);
  });
});
