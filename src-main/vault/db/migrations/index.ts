import type { Migration } from '../migrate.js';
import { migration001 } from './001-initial.js';
import { migration002 } from './002-search-index.js';
import { migration003 } from './003-ingest.js';
import { migration004 } from './004-mail.js';
import { migration005 } from './005-saved-views.js';
import { migration006 } from './006-page-pdfs.js';
import { migration007 } from './007-outbox-draft.js';
import { migration008 } from './008-job-attempts.js';
import { migration009 } from './009-fts-secure-delete.js';
import { migration010 } from './010-sync.js';
import { migration011 } from './011-classify.js';

/** Every migration, in order. Add new ones at the end; never edit a shipped one. */
export const migrations: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
];
