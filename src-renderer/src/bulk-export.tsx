import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { bridge, unwrap } from './bridge.js';

/**
 * "Export…" on the checked documents: main asks where (the folder dialog) and
 * writes them decrypted into a new folder there; progress as it goes.
 */
export function BulkExport({ ids, onDone }: { ids: string[]; onDone: (message: string) => void }) {
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  useEffect(() => bridge().on('export:progress', setProgress), []);
  const run = useMutation({
    mutationFn: () => unwrap(bridge().documentsExportSome({ ids })),
    onMutate: () => setProgress(undefined),
    onSuccess: (result) => {
      if (result.exported)
        onDone(
          `Exported ${result.documents === 1 ? '1 document' : `${result.documents} documents`} to ${result.folder}`,
        );
    },
    onError: (error) => onDone(error.message),
  });
  return (
    <>
      <button onClick={() => run.mutate()} disabled={run.isPending}>
        Export {ids.length}…
      </button>
      {run.isPending && progress && (
        <span>
          <progress max={progress.total} value={progress.done} aria-label="Export progress" /> {progress.done} of{' '}
          {progress.total}
        </span>
      )}
    </>
  );
}
