import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IngestJob } from '../../src-shared/ingest.js';
import { bridge, unwrap } from './bridge.js';
import { needsPassword, PdfPasswordForm } from './pdf-password-form.js';
import './queue-panel.css';

const CLEARED = 'lockleaf.imports.clearedAt';
// Jobs that finished before this window opened are old news; failures stay until cleared.
const OPENED = new Date().toISOString();
const finished = (job: IngestJob) => job.state === 'done' || job.state === 'cancelled' || job.state === 'failed';

/** The jobs the drawer shows: those still running, and those finished since the window opened and not cleared. */
export function visibleJobs(jobs: IngestJob[], clearedAt: string): IngestJob[] {
  return jobs.filter((job) => {
    if (!finished(job)) return true;
    if (job.updatedAt <= clearedAt) return false;
    return job.state === 'failed' || job.updatedAt > OPENED;
  });
}

/**
 * Files being read, in a compact drawer at the bottom right that is there
 * only while there are any: overall "N of M read", then per file its state,
 * page progress, why it failed, cancel, retry or a PDF's password. Once all
 * are read it folds to that one line until cleared.
 */
export function QueuePanel({ open, onOpen }: { open: boolean; onOpen: (open: boolean) => void }) {
  const { t } = useTranslation();
  const jobs = useQuery({ queryKey: ['jobs'], queryFn: () => unwrap(bridge().ingestJobs()) });
  const cancel = useMutation({ mutationFn: (jobId: string) => unwrap(bridge().ingestCancel({ jobId })) });
  const retry = useMutation({ mutationFn: (jobId: string) => unwrap(bridge().ingestRetry({ jobId })) });
  const [clearedAt, setClearedAt] = useState(() => localStorage.getItem(CLEARED) ?? '');
  const list = visibleJobs(jobs.data ?? [], clearedAt);
  // Everything read and nothing failed: the drawer folds to its one line, so it stops taking the list's room;
  // new files unfold it. A failure keeps it open: it needs the user (Retry, a PDF's password).
  const busy = list.some((j) => !finished(j));
  const failing = list.some((j) => j.state === 'failed');
  const wasBusy = useRef(busy);
  useEffect(() => {
    if (wasBusy.current && !busy && !failing) onOpen(false);
    if (!wasBusy.current && busy) onOpen(true);
    wasBusy.current = busy;
  }, [busy, failing, onOpen]);
  if (list.length === 0) return null;
  const done = list.filter((j) => j.state === 'done').length;
  const summary = t('imports.summary', { done, total: list.length });
  const clear = () => {
    const now = new Date().toISOString();
    localStorage.setItem(CLEARED, now);
    setClearedAt(now);
  };
  return (
    <aside
      className="imports"
      aria-label={t('imports.label')}
      data-open={open}
      onKeyDown={(e) => {
        // Escape inside the drawer collapses it, and goes no further (the open document stays open).
        if (e.key !== 'Escape' || !open || (e.target as HTMLElement).tagName === 'INPUT') return;
        e.stopPropagation();
        onOpen(false);
      }}
    >
      <div className="imports-head">
        <h2>{t('imports.title')}</h2>
        <span className="imports-summary" role="status">
          {summary}
        </span>
        <progress max={list.length} value={done} aria-label={t('imports.progress', { summary })} />
        {list.some(finished) && <button onClick={clear}>{t('imports.clear')}</button>}
        <button aria-expanded={open} onClick={() => onOpen(!open)}>
          {open ? t('imports.collapse') : t('imports.expand')}
        </button>
      </div>
      {open && (
        <ul className="jobs">
          {list.slice(0, 50).map((job) => (
            <li key={job.id} data-state={job.state}>
              <span className="title" title={job.name}>
                {job.name}
              </span>
              <span className="state">{t(`imports.state.${job.state}`)}</span>
              {job.pagesTotal !== null && job.state !== 'done' && (
                <progress
                  max={job.pagesTotal}
                  value={job.pagesDone}
                  aria-label={t('imports.pageOf', { name: job.name, done: job.pagesDone, total: job.pagesTotal })}
                />
              )}
              {job.error && <span className="error">{job.error.message}</span>}
              {needsPassword(job) && <PdfPasswordForm job={job} />}
              {(job.state === 'queued' || job.state === 'ocr' || job.state === 'reading') && (
                <button onClick={() => cancel.mutate(job.id)}>{t('common.cancel')}</button>
              )}
              {(job.state === 'failed' || job.state === 'cancelled') && !needsPassword(job) && (
                <button onClick={() => retry.mutate(job.id)}>{t('common.retry')}</button>
              )}
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
