import type { Catalogue } from '../en/index.js';

export const ai: Catalogue['ai'] = {
  title: 'IA (Claude)',
  intro:
    'Désactivée tant que vous ne l’activez pas. Quand vous le demandez, Claude ne reçoit que le texte du document — son début et sa fin jusqu’à la limite ci-dessous, sans numéros de compte, de carte, d’identité ou de passeport, adresses e-mail ni numéros de téléphone — et vos listes de types, de correspondants et d’étiquettes ; jamais une image ni un fichier. Sa réponse attend dans la boîte de réception : rien n’est classé avant que vous l’acceptiez.',
  enableLabel: 'Activer Claude',
  apiKey: 'Clé d’API Anthropic',
  model: 'Modèle',
  enable: 'Activer Claude',
  settingsLabel: 'Réglages de Claude',
  on: 'Claude est activé.',
  onWithKey: 'Claude est activé avec votre clé enregistrée.',
  queued_one: '{{count, number}} requête attend d’être envoyée.',
  queued_other: '{{count, number}} requêtes attendent d’être envoyées.',
  noneQueued: 'Aucune requête en attente.',
  budget: 'Nombre maximal de caractères de texte envoyés',
  noTags:
    'Dès que vous aurez des étiquettes, vous pourrez choisir ici celles dont les documents ne sont jamais envoyés.',
  excluded: 'Ne jamais envoyer les documents portant ces étiquettes',
  patterns: 'Retirer aussi le texte correspondant à ces motifs (une expression régulière par ligne)',
  saved: 'Réglages de Claude enregistrés.',
  save: 'Enregistrer les réglages de l’IA',
  disable: 'Désactiver et oublier la clé',
};
