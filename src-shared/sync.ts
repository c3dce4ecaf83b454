/** What the window and the CLI show of sync: plain data, no secrets. */

export interface SyncStatus {
  configured: boolean;
  kind?: 'r2' | 's3';
  endpoint?: string;
  bucket?: string;
  deviceName?: string;
  devices?: number;
  lastSyncAt?: string | null;
  /** The last round's failure, with a sentence saying what to do. */
  lastError?: { code: string; message: string } | null;
  /** Changes and files waiting to go up, and files waiting to come down (bytes where known). */
  pendingUploads?: { changes: number; files: number; bytes: number };
  pendingDownloads?: { files: number; bytes: number };
  conflicts?: number;
}

/** A sync round's progress, as the window shows it: files for transfers, with bytes of the file under way. */
export interface SyncProgressInfo {
  phase: 'capture' | 'pull' | 'upload' | 'download' | 'snapshot';
  done: number;
  total: number;
  bytes?: { loaded: number; total: number };
}

/**
 * The app's view of sync: the stored status plus what the running app does.
 * `paused`: a round found the bucket altered, rolled back or forked; automatic
 * rounds stop until the user asks for one (Sync now).
 */
export interface SyncView extends SyncStatus {
  state: 'off' | 'idle' | 'syncing' | 'error' | 'paused';
  progress?: SyncProgressInfo | null;
}
