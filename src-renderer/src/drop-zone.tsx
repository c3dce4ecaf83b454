import { useCallback, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge, unwrap } from './bridge.js';
import { DropNotes, type DropNote } from './drop-notes.js';

function base64(buffer: ArrayBuffer): string {
  let binary = '';
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The whole window accepts dropped files; each goes to the ingest queue. `onOpen` opens a duplicate's existing copy. */
export function DropZone({ children, onOpen }: { children: ReactNode; onOpen?: (documentId: string) => void }) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  const [notes, setNotes] = useState<DropNote[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback(
    (id?: number) => setNotes((all) => (id === undefined ? [] : all.filter((n) => n.id !== id))),
    [],
  );
  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = [...e.dataTransfer.files];
    const added: Omit<DropNote, 'id'>[] = [];
    let queued = 0;
    for (const file of files) {
      try {
        const result = await unwrap(bridge().ingestUpload({ name: file.name, data: base64(await file.arrayBuffer()) }));
        if (result.status === 'queued') queued++;
        else
          added.push({
            kind: 'duplicate',
            text: t(result.inTrash ? 'files.duplicateInTrash' : 'files.duplicate', {
              name: file.name,
              title: result.title,
            }),
            documentId: result.documentId,
          });
      } catch (error) {
        added.push({ kind: 'error', text: t('files.failed', { name: file.name, reason: (error as Error).message }) });
      }
    }
    if (queued > 0) added.unshift({ kind: 'info', text: t('files.dropped', { count: queued }) });
    setNotes((all) => [...all, ...added.map((n) => ({ ...n, id: nextId.current++ }))]);
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
      <DropNotes notes={notes} onDismiss={dismiss} onOpen={onOpen} />
      {over && (
        <div className="drop-hint" aria-hidden="true">
          {t('files.dropHint')}
        </div>
      )}
    </div>
  );
}
