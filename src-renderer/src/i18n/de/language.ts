import type { Catalogue } from '../en/index.js';

export const language: Catalogue['language'] = {
  label: 'Sprache',
  system: 'System ({{name}})',
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
};
