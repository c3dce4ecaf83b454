import { ai } from './ai.js';
import { common } from './common.js';
import { docView } from './doc-view.js';
import { doc, bulk } from './doc.js';
import { errors } from './errors.js';
import { files, destroy } from './files.js';
import { gate, bucket } from './gate.js';
import { home } from './home.js';
import { inbox, due } from './inbox.js';
import { language } from './language.js';
import { library, sidebar, imports, shortcuts } from './library.js';
import { mail } from './mail.js';
import { prefs } from './prefs.js';
import { settings } from './settings.js';
import { sync } from './sync.js';

/** English: the source of truth. German and French must have exactly these keys. */
export const en = {
  ai,
  common,
  docView,
  doc,
  bulk,
  errors,
  files,
  destroy,
  gate,
  bucket,
  home,
  inbox,
  due,
  language,
  library,
  sidebar,
  imports,
  shortcuts,
  mail,
  prefs,
  settings,
  sync,
};

export type Catalogue = typeof en;
