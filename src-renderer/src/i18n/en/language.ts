/** The language choice (Settings → Preferences, and the first-run/unlock screen). */
export const language = {
  label: 'Language',
  system: 'System ({{name}})',
  // Each language is named in itself, so someone who cannot read the current one still finds theirs.
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
};
