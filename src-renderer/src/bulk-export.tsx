import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge, unwrap } from './bridge.js';
import { documents } from './bulk-bar.js';

/**
 * "Export…" on the checked documents: main asks where (the folder dialog) and
 * writes them decrypted into a new folder there; progress as it goes.
 */
export function BulkExport({ ids, onDone }: { ids: string[]; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  useEffect(() => bridge().on('export:progress', setProgress), []);
  const run = useMutation({
    mutationFn: () => unwrap(bridge().documentsExportSome({ ids })),
    onMutate: () => setProgress(undefined),
    onSuccess: (result) => {
      if (result.exported)
        onDone(t('bulk.exported', { count: result.documents, n: documents(result.documents), folder: result.folder }));
    },
    onError: (error) => onDone(error.message),
  });
  return (
    <>
      <button onClick={() => run.mutate()} disabled={run.isPending}>
        {t('bulk.exportN', { count: ids.length })}
      </button>
      {run.isPending && progress && (
        <span>
          <progress max={progress.total} value={progress.done} aria-label={t('bulk.exportProgress')} />{' '}
          {t('bulk.doneOf', { done: progress.done, total: progress.total })}
        </span>
      )}
    </>
  );
}
