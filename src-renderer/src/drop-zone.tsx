import { useState, type DragEvent, type ReactNode } from 'react';
import { bridge, unwrap } from './bridge.js';

function base64(buffer: ArrayBuffer): string {
  let binary = '';
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The whole window accepts dropped files; each goes to the ingest queue. */
export function DropZone({ children }: { children: ReactNode }) {
  const [over, setOver] = useState(false);
  const [message, setMessage] = useState<string | undefined>();
  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = [...e.dataTransfer.files];
    const notes: string[] = [];
    for (const file of files) {
      try {
        const result = await unwrap(bridge().ingestUpload({ name: file.name, data: base64(await file.arrayBuffer()) }));
        if (result.status === 'duplicate') notes.push(`${file.name} is already in the vault.`);
      } catch (error) {
        notes.push(`${file.name}: ${(error as Error).message}`);
      }
    }
    setMessage(notes.join(' ') || undefined);
  };
  return (
    <div
      className={`drop ${over ? 'over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => void onDrop(e)}
    >
      {children}
      {message && (
        <p role="status" className="toast">
          {message}
        </p>
      )}
      {over && (
        <div className="drop-hint" aria-hidden="true">
          Drop to add to your vault
        </div>
      )}
    </div>
  );
}
