/**
 * i18next, set up synchronously with the bundled catalogues (no backend, nothing fetched): the first render is
 * already in the right language. How to add a string: README.md in this folder.
 */
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { de } from './de/index.js';
import { en, type Catalogue } from './en/index.js';
import { fr } from './fr/index.js';

export const LANGUAGES = ['en', 'de', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
/** What the user picked: a language, or whatever the system says. */
export type LanguageChoice = Language | 'system';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Catalogue };
  }
}

const STORAGE_KEY = 'lockleaf.language';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The system's language when we have a catalogue for it, else English. */
export function systemLanguage(): Language {
  const base = (globalThis.navigator?.language ?? 'en').toLowerCase().split('-')[0];
  return isLanguage(base) ? base : 'en';
}

export function languageChoice(): LanguageChoice {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : 'system';
  } catch {
    return 'system'; // storage refused (a locked-down profile): the system's language it is
  }
}

function resolve(choice: LanguageChoice): Language {
  return choice === 'system' ? systemLanguage() : choice;
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, de: { translation: de }, fr: { translation: fr } },
  lng: resolve(languageChoice()),
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  initAsync: false,
  // React escapes what it renders; escaping here too would show &amp; and &quot;.
  interpolation: { escapeValue: false },
  returnNull: false,
});

function markDocument(lng: string) {
  // Screen readers pick their voice from <html lang>; spell checkers their dictionary.
  if (globalThis.document) globalThis.document.documentElement.lang = lng;
}
markDocument(i18n.language);
i18n.on('languageChanged', markDocument);

/** Store the choice and switch at once: every component reading strings through useTranslation re-renders. */
export function setLanguageChoice(choice: LanguageChoice): void {
  try {
    if (choice === 'system') globalThis.localStorage?.removeItem(STORAGE_KEY);
    else globalThis.localStorage?.setItem(STORAGE_KEY, choice);
  } catch {
    // Not stored: the choice still applies until the window closes.
  }
  void i18n.changeLanguage(resolve(choice));
}

/** The current language (one of LANGUAGES). */
export function language(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'en';
}

/**
 * The locale for Intl: the system's own (with its region, e.g. en-GB dates) when it speaks the chosen language,
 * else the chosen language itself ('de' when German was picked on an English system).
 */
export function locale(): string {
  const lng = language();
  const system = globalThis.navigator?.language;
  return system && system.toLowerCase().split('-')[0] === lng ? system : lng;
}

/** locale() for components: they re-render when the language changes. */
export function useLocale(): string {
  useTranslation();
  return locale();
}

/** Translate outside components (plain functions called while rendering). */
export const t = i18n.t.bind(i18n);
