import type { Catalogue } from '../en/index.js';

export const language: Catalogue['language'] = {
  label: 'Langue',
  system: 'Système ({{name}})',
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
};
