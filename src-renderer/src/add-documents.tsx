import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChooseResult } from '../../src-shared/ingest.js';
import { useTranslation } from 'react-i18next';
import { bridge, unwrap } from './bridge.js';
import { errorText } from './i18n/error-text.js';
import { t } from './i18n/index.js';

/** What became of the chosen files, in one sentence per kind of outcome. */
export function chooseSummary({ files }: ChooseResult): string {
  const queued = files.filter((f) => f.status === 'queued').length;
  const parts = queued > 0 ? [t('files.added', { count: queued })] : [];
  for (const f of files) {
    if (f.status === 'duplicate')
      parts.push(t(f.inTrash ? 'files.duplicateInTrash' : 'files.duplicate', { name: f.name, title: f.title }));
    if (f.status === 'refused') parts.push(t('files.refused', { name: f.name, reason: errorText(f.error) }));
  }
  return parts.join(' ');
}

/**
 * "Add documents…": main opens the system's file dialog and queues what was
 * chosen (the same as File → Add documents… or a drop). The window never sees a path.
 */
export function AddDocuments({ onResult }: { onResult: (summary: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const choose = useMutation({
    mutationFn: () => unwrap(bridge().ingestChoose()),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: ['jobs'] });
      void client.invalidateQueries({ queryKey: ['documents'] });
      if (result.chosen) onResult(chooseSummary(result));
    },
    onError: (error) => onResult(error.message),
  });
  return (
    <button onClick={() => choose.mutate()} disabled={choose.isPending}>
      {t('files.add')}
    </button>
  );
}
