import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentDetail, DocumentPatch } from '../../src-shared/documents.js';
import { bridge } from './bridge.js';
import { DateField } from './date-field.js';

/** How long typing may pause before what was typed is saved. */
const PAUSE_MS = 700;

interface Draft {
  title: string;
  type: string;
  from: string;
  date: string;
  notes: string;
}

const draftOf = (doc: DocumentDetail): Draft => ({
  title: doc.title,
  type: doc.type ?? '',
  from: doc.correspondent ?? '',
  date: doc.createdAt.slice(0, 10),
  notes: doc.notes,
});

function patchOf(draft: Draft): DocumentPatch {
  const day = new Date(`${draft.date}T00:00:00Z`);
  return {
    // An emptied title keeps the old one (main refuses an empty title); a half-typed date waits.
    ...(draft.title.trim() ? { title: draft.title.trim() } : {}),
    type: draft.type.trim() || null,
    correspondent: draft.from.trim() || null,
    notes: draft.notes,
    ...(Number.isNaN(day.getTime()) ? {} : { createdAt: day.toISOString() }),
  };
}

type Status = { state: 'idle' | 'saving' | 'saved' } | { state: 'failed'; message: string };

/**
 * Filing a document: title, type, correspondent, date and notes. Every field
 * saves itself like the tags do: when it loses focus, after a pause in typing,
 * and when the form goes (another document opened, the pane closed), so
 * nothing typed is lost. Saves go one after another, in order.
 */
export function MetadataForm({ doc, readOnly = false }: { doc: DocumentDetail; readOnly?: boolean }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(() => draftOf(doc));
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const latest = useRef(draft);
  latest.current = draft;
  const saved = useRef(JSON.stringify(patchOf(draft)));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const mounted = useRef(true);
  const id = doc.id;

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    if (readOnly) return;
    const patch = patchOf(latest.current);
    const key = JSON.stringify(patch);
    if (key === saved.current) return;
    saved.current = key;
    if (mounted.current) setStatus({ state: 'saving' });
    queue.current = queue.current.then(async () => {
      const result = await bridge()
        .documentsUpdate({ id, patch })
        .catch((error: Error) => ({ ok: false as const, error: { message: error.message } }));
      if (!result.ok) saved.current = ''; // the next change or blur tries again
      if (mounted.current)
        setStatus(result.ok ? { state: 'saved' } : { state: 'failed', message: result.error.message });
    });
  }, [id, readOnly]);

  useEffect(() => {
    mounted.current = true;
    return () => {
      // Unmounting (another document, the pane closed): what was typed is saved, not dropped.
      mounted.current = false;
      flush();
    };
  }, [flush]);

  // Fresher data (the cache showed an older copy, or it changed elsewhere) is taken in, unless something typed is unsaved.
  const docKey = JSON.stringify(patchOf(draftOf(doc)));
  useEffect(() => {
    if (docKey === saved.current || JSON.stringify(patchOf(latest.current)) !== saved.current) return;
    const fresh = draftOf(doc);
    latest.current = fresh;
    saved.current = docKey;
    setDraft(fresh);
  }, [docKey]); // docKey stands for doc

  const change = (field: keyof Draft) => (e: { target: { value: string } }) => {
    const next = { ...latest.current, [field]: e.target.value };
    latest.current = next;
    setDraft(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, PAUSE_MS);
  };
  const field = (name: keyof Draft) => ({ value: draft[name], onChange: change(name), onBlur: flush });

  return (
    <form className="metadata" onSubmit={(e) => (e.preventDefault(), flush())} aria-label={t('doc.details')}>
      {readOnly && <p className="hint">{t('doc.readOnly')}</p>}
      <fieldset disabled={readOnly}>
        <legend className="visually-hidden">{t('doc.details')}</legend>
        <label>
          {t('doc.title')} <input {...field('title')} />
        </label>
        <label>
          {t('doc.type')} <input {...field('type')} list="doc-types" placeholder={t('doc.typeExample')} />
        </label>
        <label>
          {t('doc.correspondent')}{' '}
          <input {...field('from')} list="doc-correspondents" placeholder={t('doc.correspondentExample')} />
        </label>
        <DateField
          label={t('doc.date')}
          value={draft.date}
          onChange={(iso) => change('date')({ target: { value: iso } })}
          onCommit={flush}
        />
        <label>
          {t('doc.notes')} <textarea {...field('notes')} rows={3} />
        </label>
      </fieldset>
      <p className={status.state === 'failed' ? 'error' : 'hint save-status'} role="status">
        {status.state === 'saving' ? t('doc.saving') : status.state === 'saved' ? t('doc.saved') : ''}
        {status.state === 'failed' ? t('doc.notSaved', { reason: status.message }) : ''}
      </p>
    </form>
  );
}
