import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** What became of dropped files: plain news fades on its own; a duplicate or a refusal stays until closed. */
export interface DropNote {
  id: number;
  kind: 'info' | 'duplicate' | 'error';
  text: string;
  /** The copy already in the vault (duplicates). */
  documentId?: string;
}

/** Plain information needs no action, so it goes away by itself after this long. */
const INFO_MS = 6000;

export function DropNotes(props: {
  notes: DropNote[];
  onDismiss: (id?: number) => void;
  onOpen?: (documentId: string) => void;
}) {
  const { notes, onDismiss, onOpen } = props;
  const { t } = useTranslation();
  // Escape closes the messages (only while there are some, so it takes nothing from other keys).
  useEffect(() => {
    if (notes.length === 0) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onDismiss();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [notes.length, onDismiss]);
  useEffect(() => {
    const timers = notes.filter((n) => n.kind === 'info').map((n) => setTimeout(() => onDismiss(n.id), INFO_MS));
    return () => timers.forEach(clearTimeout);
  }, [notes, onDismiss]);
  if (notes.length === 0) return null;
  return (
    <div className="notes" role="region" aria-label={t('files.messages')}>
      {notes.map((note) => (
        <div key={note.id} className="note" data-kind={note.kind} role={note.kind === 'error' ? 'alert' : 'status'}>
          <span>{note.text}</span>
          {note.documentId && onOpen && (
            <button
              className="link"
              onClick={() => {
                onOpen(note.documentId!);
                onDismiss(note.id);
              }}
            >
              {t('files.openExisting')}
            </button>
          )}
          <button
            className="close"
            aria-label={t('files.closeMessage')}
            title={t('files.closeEsc')}
            onClick={() => onDismiss(note.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
