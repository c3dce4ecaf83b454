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
