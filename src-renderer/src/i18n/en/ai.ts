/** Settings → AI (Claude). */
export const ai = {
  title: 'AI (Claude)',
  intro:
    'Off unless you turn it on. When you ask, Claude gets only the document’s text — its beginning and end up to the limit below, with account, card, ID and passport numbers, e-mail addresses and phone numbers removed — and your lists of types, correspondents and tags; never an image or a file. Its answer waits in the Inbox: nothing is filed until you accept it.',
  enableLabel: 'Enable Claude',
  apiKey: 'Anthropic API key',
  model: 'Model',
  enable: 'Enable Claude',
  settingsLabel: 'Claude settings',
  on: 'Claude is on.',
  onWithKey: 'Claude is on with your saved key.',
  queued_one: '{{count, number}} request waits to be sent.',
  queued_other: '{{count, number}} requests wait to be sent.',
  noneQueued: 'No requests waiting.',
  budget: 'Characters of text sent at most',
  noTags: 'Tags whose documents are never sent can be chosen here once you have tags.',
  excluded: 'Never send documents with these tags',
  patterns: 'Also remove text matching these patterns (one regular expression a line)',
  saved: 'Claude settings saved.',
  save: 'Save AI settings',
  disable: 'Disable and forget key',
};
