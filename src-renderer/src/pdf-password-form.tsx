import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { IngestJob } from '../../src-shared/ingest.js';
import { bridge, unwrap } from './bridge.js';

/** A job that failed for want of its PDF's password (or was given a wrong one). */
export const needsPassword = (job: Pick<IngestJob, 'state' | 'error'>): boolean =>
  job.state === 'failed' && (job.error?.code === 'PDF_ENCRYPTED' || job.error?.code === 'PDF_WRONG_PASSWORD');

/**
 * The password of a protected PDF, typed once to have it read. It goes to main for
 * this job's read only and is cleared from the field as soon as it is sent.
 */
export function PdfPasswordForm({ job }: { job: IngestJob }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const unlock = useMutation({
    mutationFn: (value: string) => unwrap(bridge().ingestUnlockPdf({ jobId: job.id, password: value })),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!password) return;
    unlock.mutate(password);
    setPassword('');
  };
  return (
    <form className="pdf-password" onSubmit={onSubmit}>
      <label>
        <span className="visually-hidden">{t('files.pdfPasswordFor', { name: job.name })}</span>
        <input
          type="password"
          autoComplete="off"
          placeholder={t('files.pdfPassword')}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <button type="submit" disabled={!password || unlock.isPending}>
        {t('files.readWithPassword')}
      </button>
      {unlock.isError && (
        <span className="error" role="alert">
          {unlock.error.message}
        </span>
      )}
    </form>
  );
}
