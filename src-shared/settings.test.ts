import { describe, expect, it } from 'vitest';
import { appSettingsSchema, DEFAULT_SETTINGS, defaultOcrLanguages } from './settings.js';

describe('default OCR languages', () => {
  it("reads the user's own bundled language and English", () => {
    expect(defaultOcrLanguages(['de-DE'])).toEqual(['deu', 'eng']);
    expect(defaultOcrLanguages(['fr_CA.UTF-8'])).toEqual(['fra', 'eng']);
    expect(defaultOcrLanguages(['en-GB'])).toEqual(['eng']);
    expect(defaultOcrLanguages(['fr-BE', 'de-BE', 'nl-BE'])).toEqual(['fra', 'deu', 'eng']);
  });

  it('falls back to English where no bundled language matches', () => {
    expect(defaultOcrLanguages(['ja-JP'])).toEqual(['eng']);
    expect(defaultOcrLanguages([])).toEqual(['eng']);
  });

  it('gives valid settings', () => {
    expect(appSettingsSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
  });
});
