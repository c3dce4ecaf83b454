import { useMutation, useQuery } from '@tanstack/react-query';
import { bridge, unwrap } from './bridge.js';
import { needsPassword, PdfPasswordForm } from './pdf-password-form.js';

const LABEL: Record<string, string> = {
  queued: 'Waiting',
  reading: 'Opening',
  ocr: 'Reading',
  indexing: 'Indexing',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Files being read: per-file state, per-page progress, reasons for failures, cancel and retry. */
export function QueuePanel() {
  const jobs = useQuery({ queryKey: ['jobs'], queryFn: () => unwrap(bridge().ingestJobs()) });
  const cancel = useMutation({ mutationFn: (jobId: string) => unwrap(bridge().ingestCancel({ jobId })) });
  const retry = useMutation({ mutationFn: (jobId: string) => unwrap(bridge().ingestRetry({ jobId })) });
  const list = jobs.data ?? [];
  return (
    <aside className="pane" aria-label="Import queue">
      <h2>Imports</h2>
      {list.length === 0 && <p className="hint">Files you drop appear here while they are read.</p>}
      <ul className="jobs">
        {list.slice(0, 50).map((job) => (
          <li key={job.id} data-state={job.state}>
            <span className="title">{job.name}</span>
            <span className="state">{LABEL[job.state]}</span>
            {job.pagesTotal !== null && job.state !== 'done' && (
              <progress
                max={job.pagesTotal}
                value={job.pagesDone}
                aria-label={`${job.name}: page ${job.pagesDone} of ${job.pagesTotal}`}
              />
            )}
            {job.error && <span className="error">{job.error.message}</span>}
            {needsPassword(job) && <PdfPasswordForm job={job} />}
            {(job.state === 'queued' || job.state === 'ocr' || job.state === 'reading') && (
              <button onClick={() => cancel.mutate(job.id)}>Cancel</button>
            )}
            {(job.state === 'failed' || job.state === 'cancelled') && !needsPassword(job) && (
              <button onClick={() => retry.mutate(job.id)}>Retry</button>
            )}
          </li>
        ))}
      </ul>
    </aside>
  );
}
