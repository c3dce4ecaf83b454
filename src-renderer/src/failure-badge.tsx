import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { bridge, unwrap } from './bridge.js';
import { needsPassword } from './pdf-password-form.js';

/**
 * On a document's row: why its text could not be read, if it could not ("Needs
 * password", "Could not be read"), with the reason on hover and when the row is
 * selected. From the import queue's jobs (the same query Imports shows, kept fresh
 * by ingest:progress), so a row needs no field of its own.
 */
export function FailureBadge({ documentId }: { documentId: string }) {
  const { t } = useTranslation();
  const jobs = useQuery({ queryKey: ['jobs'], queryFn: () => unwrap(bridge().ingestJobs()) });
  // The newest job of the document decides (jobs come newest first).
  const job = jobs.data?.find((j) => j.documentId === documentId);
  if (!job || job.state !== 'failed') return null;
  const reason = job.error?.message ?? t('files.readingFailed');
  return (
    <span className="failure" data-code={job.error?.code} title={reason}>
      <span className="failure-badge">{needsPassword(job) ? t('files.needsPassword') : t('files.unreadable')}</span>
      <span className="failure-reason">{reason}</span>
    </span>
  );
}
