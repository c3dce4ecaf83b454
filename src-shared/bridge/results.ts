/**
 * What each channel answers: the one table of results. Main's handlers are
 * checked against it (`satisfies` in src-main/ipc/handlers.ts), and the
 * renderer's bridge is derived from it (contract.ts), so the two cannot
 * drift, and no shared code depends on main.
 */
import type { AiAskResult, AiPreview, AiStatusView, InboxItem, Reminder } from '../classify.js';
import type { DestroyReport } from '../destroy.js';
import type { DocumentDetail, DocumentSummary, Facets, PurgeReport, SavedView, SearchHit } from '../documents.js';
import type { HistoryEntry } from '../history.js';
import type { ChooseResult, EnqueueResult, IngestJob } from '../ingest.js';
import type { MailboxSummary, OutboxItem } from '../mail.js';
import type { AppSettings } from '../settings.js';
import type { SyncView } from '../sync.js';
import type { AuditCheck, RotateKeysResult, VaultStats } from '../vault-info.js';
import type { Channel } from './channels.js';

export interface VaultStatus {
  exists: boolean;
  unlocked: boolean;
}

export type ChannelResults = {
  'vault:status': VaultStatus;
  'vault:create': VaultStatus;
  'vault:unlock': VaultStatus;
  'vault:lock': VaultStatus;
  'vault:changePassphrase': { changed: boolean };
  'vault:export': { exported: false } | { exported: true; documents: number; folder: string };
  'vault:destroy': DestroyReport;
  'settings:get': AppSettings;
  'settings:update': AppSettings;
  'documents:list': DocumentSummary[];
  'documents:search': SearchHit[];
  'documents:get': DocumentDetail;
  'documents:update': DocumentDetail;
  'documents:tag': { updated: number };
  'documents:trash': { trashed: number };
  'documents:restore': { restored: number };
  /** A data: URL, or null when the document has none. */
  'documents:thumbnail': string | null;
  'documents:updateMany': { updated: number };
  'documents:facets': Facets;
  /** How many documents a search matches (the library's result count). */
  'documents:count': number;
  'documents:exportSome': { exported: false } | { exported: true; documents: number; folder: string };
  'views:list': SavedView[];
  'views:save': SavedView[];
  'views:remove': SavedView[];
  'documents:view': { url: string; mime: string };
  /** Added, edited, sent… newest first (src-main/vault/documents/history.ts). */
  'documents:history': HistoryEntry[];
  'documents:download': { saved: false } | { saved: true; name: string };
  'documents:pin': { updated: number };
  'trash:empty': PurgeReport;
  'ingest:upload': EnqueueResult;
  'ingest:jobs': IngestJob[];
  'ingest:cancel': void;
  'ingest:retry': void;
  'ingest:unlockPdf': void;
  /** Main asks the OS open dialog (the user's own files) and queues each; the window never sees a path. */
  'ingest:choose': ChooseResult;
  'mail:mailboxes': MailboxSummary[];
  'mail:recipients': string[];
  'mail:addSmtp': MailboxSummary;
  'mail:connect': MailboxSummary;
  'mail:remove': { revoked: boolean };
  'mail:send': OutboxItem;
  'mail:outbox': OutboxItem[];
  'mail:retry': OutboxItem;
  'sync:status': SyncView;
  /** The emergency kit (it holds the Secret Key): answered this once, never again. */
  'sync:setUp': { kitText: string; kitHtml: string };
  'sync:now': SyncView;
  'sync:remove': SyncView;
  'sync:saveKit': { saved: false } | { saved: true; name: string };
  /** The emergency kit again, once the vault's passphrase was given; the window keeps it only while it is shown. */
  'sync:showKit': { kitText: string; kitHtml: string };
  'sync:adoptPassphrase': SyncView;
  'vault:clone': VaultStatus;
  'inbox:list': InboxItem[];
  'inbox:count': { count: number };
  'inbox:accept': { accepted: true };
  'inbox:dismiss': { dismissed: number };
  'inbox:suggest': InboxItem;
  'due:list': Reminder[];
  'ai:status': AiStatusView;
  'ai:enable': AiStatusView;
  'ai:disable': AiStatusView;
  'ai:settings': AiStatusView;
  'ai:preview': AiPreview;
  'ai:ask': AiAskResult;
  'documents:aiExclude': { updated: number };
  'vault:rotateKeys': RotateKeysResult;
  'audit:verify': AuditCheck;
  'vault:stats': VaultStats;
};

/** Fails to compile when a channel has no result here. */
export type ChannelResult<C extends Channel> = ChannelResults[C];
