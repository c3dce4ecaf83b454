import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { bridge, unwrap } from './bridge.js';

/** Actions on every checked document at once: tag, set type, trash or restore. */
export function BulkBar({ ids, scope, onDone }: { ids: string[]; scope: 'library' | 'trash'; onDone: () => void }) {
  const [tag, setTag] = useState('');
  const [type, setType] = useState('');
  const tagAll = useMutation({
    mutationFn: () => unwrap(bridge().documentsTag({ ids, add: [tag.trim()] })),
    onSuccess: () => setTag(''),
  });
  const typeAll = useMutation({
    mutationFn: () => unwrap(bridge().documentsUpdateMany({ ids, patch: { type: type.trim() } })),
    onSuccess: () => setType(''),
  });
  const trash = useMutation({ mutationFn: () => unwrap(bridge().documentsTrash({ ids })), onSuccess: onDone });
  const restore = useMutation({ mutationFn: () => unwrap(bridge().documentsRestore({ ids })), onSuccess: onDone });
  const error = [tagAll, typeAll, trash, restore].find((m) => m.isError)?.error;
  const submit = (run: () => void, value: string) => (e: FormEvent) => {
    e.preventDefault();
    if (value.trim()) run();
  };
  return (
    <div className="bulk" role="toolbar" aria-label="Selected documents">
      <strong aria-live="polite">{ids.length} selected</strong>
      {scope === 'library' && (
        <>
          <form className="inline" onSubmit={submit(() => tagAll.mutate(), tag)}>
            <label>
              Tag all <input value={tag} onChange={(e) => setTag(e.target.value)} />
            </label>
            <button type="submit">Tag</button>
          </form>
          <form className="inline" onSubmit={submit(() => typeAll.mutate(), type)}>
            <label>
              Set type <input value={type} onChange={(e) => setType(e.target.value)} />
            </label>
            <button type="submit">Set</button>
          </form>
          <button className="danger" onClick={() => trash.mutate()}>
            Move {ids.length} to trash
          </button>
        </>
      )}
      {scope === 'trash' && <button onClick={() => restore.mutate()}>Restore {ids.length}</button>}
      <button onClick={onDone}>Clear selection</button>
      {error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
    </div>
  );
}
