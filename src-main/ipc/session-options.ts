/** How the app (the shell, the e2e host, tests) sets up a session. */
import type { Notify } from '../classify/reminder-notifier.js';
import type { KdfCost } from '../crypto/kdf.js';
import type { ReaderSpawner } from '../ingest/reader/reader-process.js';
import type { Logger } from '../log/logger.js';
import type { MailProviders } from '../mail/oauth/providers.js';
import type { SyncServiceOptions } from '../sync/sync-service.js';

export interface SessionOptions {
  /** The app's data folder: the vault lives in `vault/`, OCR data in `ocr-data/`. */
  dataDir: string;
  kdfCost?: KdfCost;
  /** How reader processes start (the shell: Electron's utilityProcess); a Node child by default. */
  spawnReader?: ReaderSpawner;
  /** OCR workers, over the Preferences setting (the shell passes LOCKLEAF_OCR_WORKERS). */
  ocrWorkers?: number;
  mailProviders?: MailProviders;
  log?: Logger;
  /** Opens an OAuth sign-in page in the system browser (the shell's shell.openExternal). */
  openBrowser?: (url: string) => Promise<void>;
  /** Asks the user where to save a decrypted copy or the emergency kit (the shell's save dialog); undefined when they cancel. */
  chooseSavePath?: (suggestedName: string, title?: string) => Promise<string | undefined>;
  /** Asks the user for a folder (the shell's open dialog); undefined when they cancel. */
  chooseDirectory?: (title: string) => Promise<string | undefined>;
  /** Asks the user for documents to add (the shell's open dialog, several at once); undefined when they cancel. */
  chooseFiles?: (title: string) => Promise<string[] | undefined>;
  /** Sync's timing and remote (tests); kdfCost and log come from here. */
  sync?: SyncServiceOptions;
  /** Shows a reminder as an OS notification (the shell's Notification); none without it. */
  notify?: Notify;
}
