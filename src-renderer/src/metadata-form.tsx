import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { DocumentDetail } from '../../src-shared/documents.js';
import { bridge, unwrap } from './bridge.js';

/** Filing a document: title, type, correspondent, date and notes. */
export function MetadataForm({ doc }: { doc: DocumentDetail }) {
  const [title, setTitle] = useState(doc.title);
  const [type, setType] = useState(doc.type ?? '');
  const [from, setFrom] = useState(doc.correspondent ?? '');
  const [date, setDate] = useState(doc.createdAt.slice(0, 10));
  const [notes, setNotes] = useState(doc.notes);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        bridge().documentsUpdate({
          id: doc.id,
          patch: {
            title: title.trim() || doc.title,
            type: type.trim() || null,
            correspondent: from.trim() || null,
            notes,
            createdAt: new Date(`${date}T00:00:00Z`).toISOString(),
          },
        }),
      ),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="metadata" onSubmit={onSubmit} aria-label="Details">
      <label>
        Title <input value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        Type <input value={type} onChange={(e) => setType(e.target.value)} placeholder="e.g. Invoice" />
      </label>
      <label>
        Correspondent <input value={from} onChange={(e) => setFrom(e.target.value)} placeholder="e.g. City Hospital" />
      </label>
      <label>
        Date <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </label>
      <label>
        Notes <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} />
      </label>
      {save.isError && (
        <p className="error" role="alert">
          {save.error.message}
        </p>
      )}
      {save.isSuccess && (
        <p className="hint" role="status">
          Saved.
        </p>
      )}
      <button type="submit" disabled={save.isPending}>
        Save details
      </button>
    </form>
  );
}
