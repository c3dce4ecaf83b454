/** What main tells the window without being asked: one payload per event channel. */
import type { JobProgress } from '../ingest.js';
import type { OutboxItem } from '../mail.js';
import type { SyncProgressInfo, SyncView } from '../sync.js';

export interface SessionEvents {
  'documents:changed': [{ ids: string[] }];
  'ingest:progress': [JobProgress];
  'vault:locked': [{ reason: 'user' | 'idle' | 'suspend' }];
  'mail:changed': [OutboxItem];
  'vault:unlocked': [{ at: string }];
  /** Something outside the window (the tray) asks it to show a document. */
  'documents:open': [{ id: string }];
  'export:progress': [{ done: number; total: number }];
  'sync:progress': [SyncProgressInfo];
  'sync:status': [SyncView];
  /** The Inbox changed (a suggestion made, a document reviewed): how many wait now. */
  'inbox:changed': [{ count: number }];
  /** A key rotation's progress: items re-encrypted so far of the total. */
  'keys:progress': [{ done: number; total: number }];
}
