import type { Catalogue } from '../en/index.js';

export const prefs: Catalogue['prefs'] = {
  title: 'Préférences',
  autoLock: 'Verrouiller après ce nombre de minutes d’inactivité',
  ocrLanguages: 'Langues à lire (OCR)',
  ocr: { eng: 'Anglais', deu: 'Allemand', fra: 'Français' },
  workers: 'Pages lues en même temps (processus OCR)',
  automatic: 'Automatique',
  workersHint:
    'Chaque processus utilise environ 190 Mo de mémoire. Automatique en lance un par cœur de processeur, autant que la mémoire libre le permet.',
  trashDays: 'Garder les documents de la corbeille pendant ce nombre de jours',
  reminderDays: 'Me rappeler les échéances et dates d’expiration ce nombre de jours à l’avance',
  trayTitles: 'Afficher les titres des documents dans le menu de la barre d’état',
  trayHint:
    'Le menu de la barre d’état est dessiné par le système, où d’autres applications peuvent le lire tant que le coffre-fort est ouvert. Sans titres, il affiche « Document 1 », « Document 2 »…',
  saved: 'Préférences enregistrées.',
  save: 'Enregistrer les préférences',
  languageHint: 'S’applique immédiatement, sur cet appareil.',
  exportLabel: 'Exportation',
  exportTitle: 'Exporter toutes les données',
  exportHint:
    'Tous les documents, déchiffrés, avec leur texte, leurs étiquettes et leurs détails dans manifest.json. Gardez la copie en lieu sûr : elle n’est pas chiffrée.',
  exportButton: 'Exporter toutes les données…',
  exportProgress: 'Progression de l’exportation',
  doneOf: '{{done}} sur {{total}}',
  exported_one: '{{count}} document exporté vers {{folder}}.',
  exported_other: '{{count}} documents exportés vers {{folder}}.',
};
