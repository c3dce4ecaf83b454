import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { bridge, unwrap } from './bridge.js';
import { FacetNames } from './facet-names.js';
import { BulkExport } from './bulk-export.js';

/** "1 document", "3 documents", in the user's locale. */
export const documents = (n: number) => (n === 1 ? '1 document' : `${new Intl.NumberFormat().format(n)} documents`);

/** One labelled field and its button, applied to every checked document; suggests the vault's existing values. */
function BulkField(props: {
  label: string;
  button: string;
  type?: 'text' | 'date';
  list?: string;
  /** Resolves true once applied (false: failed, the error is shown and the value kept). */
  onApply: (value: string) => Promise<boolean>;
}) {
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim()) void props.onApply(value.trim()).then((ok) => ok && setValue(''));
  };
  return (
    <form className="inline" onSubmit={submit}>
      <label>
        {props.label}{' '}
        <input type={props.type ?? 'text'} list={props.list} value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="submit">{props.button}</button>
    </form>
  );
}

/**
 * Actions on every checked document at once, over the bottom of the list (the
 * list never moves when it appears), and what the last one did, said in a
 * live region that stays after the selection is gone (after trashing).
 */
export function BulkBar({ ids, scope, onDone }: { ids: string[]; scope: 'library' | 'trash'; onDone: () => void }) {
  const [said, setSaid] = useState<ReactNode>();
  const selection = ids.join(',');
  // A new selection starts without the last one's message.
  useEffect(() => {
    if (selection) setSaid(undefined);
  }, [selection]);
  const act = useMutation({
    mutationFn: async ({ run }: { run: () => Promise<string>; close?: boolean }) => run(),
    onSuccess: (message, { close }) => {
      setSaid(message);
      if (close) onDone();
    },
  });
  const apply = (run: () => Promise<unknown>, message: string, close = false) =>
    act.mutateAsync({ run: async () => (await run(), message), close }).then(
      () => true,
      () => false,
    );
  const n = documents(ids.length);
  const patch = (p: { type?: string; correspondent?: string; createdAt?: string }) =>
    unwrap(bridge().documentsUpdateMany({ ids, patch: p }));

  return (
    <div className="bulk-dock">
      {said && (
        <p className="bulk-status">
          <span>{said}</span>
          <button className="link" onClick={() => setSaid(undefined)} aria-label="Dismiss message">
            ×
          </button>
        </p>
      )}
      {/* Always present, so screen readers hear what each action did. */}
      <p className="visually-hidden" role="status" aria-live="polite">
        {typeof said === 'string' ? said : ''}
      </p>
      {ids.length > 0 && (
        <div className="bulk" role="toolbar" aria-label="Selected documents">
          <strong>{ids.length} selected</strong>
          {scope === 'library' && (
            <>
              <FacetNames prefix="bulk" />
              <BulkField
                label="Tag all"
                button="Tag"
                list="bulk-tags"
                onApply={(tag) =>
                  apply(() => unwrap(bridge().documentsTag({ ids, add: [tag] })), `Tagged ${n} “${tag}”`)
                }
              />
              <BulkField
                label="Remove tag"
                button="Untag"
                list="bulk-tags"
                onApply={(tag) =>
                  apply(() => unwrap(bridge().documentsTag({ ids, remove: [tag] })), `Removed “${tag}” from ${n}`)
                }
              />
              <BulkField
                label="Set type"
                button="Set"
                list="bulk-types"
                onApply={(type) => apply(() => patch({ type }), `Set the type of ${n} to “${type}”`)}
              />
              <BulkField
                label="Set correspondent"
                button="File"
                list="bulk-correspondents"
                onApply={(correspondent) =>
                  apply(() => patch({ correspondent }), `Set the correspondent of ${n} to “${correspondent}”`)
                }
              />
              <BulkField
                label="Set date"
                button="Date"
                type="date"
                onApply={(day) =>
                  apply(
                    () => patch({ createdAt: new Date(`${day}T00:00:00Z`).toISOString() }),
                    `Set the date of ${n} to ${new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { timeZone: 'UTC', dateStyle: 'medium' })}`,
                  )
                }
              />
              <BulkExport ids={ids} onDone={setSaid} />
              <button
                className="danger"
                onClick={() => void apply(() => unwrap(bridge().documentsTrash({ ids })), `Moved ${n} to trash`, true)}
              >
                Move {ids.length} to trash
              </button>
            </>
          )}
          {scope === 'trash' && (
            <button onClick={() => void apply(() => unwrap(bridge().documentsRestore({ ids })), `Restored ${n}`, true)}>
              Restore {ids.length}
            </button>
          )}
          <button onClick={onDone}>Clear selection</button>
          {act.isError && (
            <p className="error" role="alert">
              {act.error.message}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
