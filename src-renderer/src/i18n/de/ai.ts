import type { Catalogue } from '../en/index.js';

export const ai: Catalogue['ai'] = {
  title: 'KI (Claude)',
  intro:
    'Aus, bis Sie sie einschalten. Wenn Sie fragen, erhält Claude nur den Text des Dokuments – Anfang und Ende bis zur unten eingestellten Grenze, ohne Konto-, Karten-, Ausweis- und Passnummern, E-Mail-Adressen und Telefonnummern – sowie Ihre Listen von Arten, Korrespondenten und Schlagwörtern; nie ein Bild oder eine Datei. Die Antwort wartet im Eingang: Abgelegt wird erst, wenn Sie sie übernehmen.',
  enableLabel: 'Claude einschalten',
  apiKey: 'Anthropic-API-Schlüssel',
  model: 'Modell',
  enable: 'Claude einschalten',
  settingsLabel: 'Claude-Einstellungen',
  on: 'Claude ist eingeschaltet.',
  onWithKey: 'Claude ist mit Ihrem gespeicherten Schlüssel eingeschaltet.',
  queued_one: '{{count, number}} Anfrage wartet auf das Senden.',
  queued_other: '{{count, number}} Anfragen warten auf das Senden.',
  noneQueued: 'Keine wartenden Anfragen.',
  budget: 'Höchstens so viele Zeichen Text senden',
  noTags: 'Sobald Sie Schlagwörter haben, können Sie hier die wählen, deren Dokumente nie gesendet werden.',
  excluded: 'Dokumente mit diesen Schlagwörtern nie senden',
  patterns: 'Auch Text entfernen, der auf diese Muster passt (ein regulärer Ausdruck je Zeile)',
  saved: 'Claude-Einstellungen gespeichert.',
  save: 'KI-Einstellungen speichern',
  disable: 'Ausschalten und Schlüssel vergessen',
};
