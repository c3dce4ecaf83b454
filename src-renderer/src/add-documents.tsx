import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChooseResult } from '../../src-shared/ingest.js';
import { bridge, unwrap } from './bridge.js';

/** What became of the chosen files, in one sentence per kind of outcome. */
export function chooseSummary({ files }: ChooseResult): string {
  const queued = files.filter((f) => f.status === 'queued').length;
  const parts =
    queued > 0 ? [`${queued === 1 ? '1 document' : `${queued} documents`} added; Imports shows the reading.`] : [];
  for (const f of files) {
    if (f.status === 'duplicate')
      parts.push(`${f.name} is already in the vault as “${f.title}”${f.inTrash ? ' (in the trash)' : ''}.`);
    if (f.status === 'refused') parts.push(`${f.name} not added: ${f.error.message}`);
  }
  return parts.join(' ');
}

/**
 * "Add documents…": main opens the system's file dialog and queues what was
 * chosen (the same as File → Add documents… or a drop). The window never sees a path.
 */
export function AddDocuments({ onResult }: { onResult: (summary: string) => void }) {
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
      Add documents…
    </button>
  );
}
