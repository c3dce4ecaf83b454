import { beforeEach, describe, expect, it, vi } from 'vitest';

/** A fresh i18n module over a given system language and stored choice (the module reads both when it loads). */
async function load(system: string, stored?: string) {
  vi.resetModules();
  const store = new Map<string, string>(stored ? [['lockleaf.language', stored]] : []);
  vi.stubGlobal('navigator', { language: system });
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  });
  return { mod: await import('./index.js'), store };
}

describe('i18n at run time', () => {
  beforeEach(() => vi.unstubAllGlobals());

  it('follows the system when nothing is chosen, English when the system speaks neither German nor French', async () => {
    expect((await load('de-AT')).mod.language()).toBe('de');
    expect((await load('fr-CA')).mod.language()).toBe('fr');
    expect((await load('en-US')).mod.language()).toBe('en');
    expect((await load('ja-JP')).mod.language()).toBe('en');
  });

  it('a stored choice wins over the system, and choosing applies at once and is kept; System forgets it', async () => {
    const { mod, store } = await load('en-US', 'fr');
    expect(mod.t('common.cancel')).toBe('Annuler');
    mod.setLanguageChoice('de');
    expect(mod.t('common.cancel')).toBe('Abbrechen');
    expect(store.get('lockleaf.language')).toBe('de');
    mod.setLanguageChoice('system');
    expect(mod.t('common.cancel')).toBe('Cancel');
    expect(store.has('lockleaf.language')).toBe(false);
  });

  it('counts take the plural form and the number format of the language', async () => {
    const { mod } = await load('en-US');
    expect(mod.t('common.documents', { count: 1 })).toBe('1 document');
    expect(mod.t('common.documents', { count: 1234 })).toBe('1,234 documents');
    mod.setLanguageChoice('de');
    expect(mod.t('common.documents', { count: 1 })).toBe('1 Dokument');
    expect(mod.t('common.documents', { count: 1234 })).toBe('1.234 Dokumente');
    mod.setLanguageChoice('fr');
    // French's "many" (a million and up) falls back to its "other" form, never to English.
    expect(mod.t('common.documents', { count: 2_000_000 })).toMatch(/^2\s000\s000 documents$/);
  });

  it('main’s errors: its own English words in English, the catalogue’s by code in German, unknown codes as sent', async () => {
    const { mod } = await load('en-US');
    const { errorText } = await import('./error-text.js');
    const wrong = { code: 'WRONG_PASSPHRASE', message: 'Wrong passphrase. Nothing was deleted.' } as const;
    const wait = { code: 'UNLOCK_THROTTLED', message: 'Too many…', details: { retryAfterMs: 4100 } } as const;
    const other = { code: 'FILE_TOO_LARGE', message: 'The file is 300 MB; the limit is 200 MB.' } as const;
    expect(errorText(wrong)).toBe(wrong.message);
    mod.setLanguageChoice('de');
    expect(errorText(wrong)).toBe('Falsche Passphrase.');
    expect(errorText(wait)).toBe('Zu viele falsche Passphrasen. Erneut versuchen in 5 s.');
    expect(errorText(other)).toBe(other.message);
  });

  it('locale() keeps the system’s region when it speaks the chosen language, else the language alone', async () => {
    const { mod } = await load('en-GB');
    expect(mod.locale()).toBe('en-GB');
    mod.setLanguageChoice('de');
    expect(mod.locale()).toBe('de');
    expect(new Intl.DateTimeFormat(mod.locale(), { dateStyle: 'medium' }).format(new Date(2026, 10, 30))).toBe(
      '30.11.2026',
    );
  });
});
