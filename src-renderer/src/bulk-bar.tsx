import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge, unwrap } from './bridge.js';
import { FacetNames } from './facet-names.js';
import { BulkExport } from './bulk-export.js';
import { DateField } from './date-field.js';
import { locale, t } from './i18n/index.js';

/** "1 document", "3 documents", in the chosen language. */
export const documents = (n: number) => t('common.documents', { count: n });

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
      {props.type === 'date' ? (
        <DateField label={props.label} value={value} onChange={setValue} />
      ) : (
        <label>
          {props.label} <input list={props.list} value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
      )}
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
  const { t } = useTranslation();
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
          <button className="link" onClick={() => setSaid(undefined)} aria-label={t('bulk.dismiss')}>
            ×
          </button>
        </p>
      )}
      {/* Always present, so screen readers hear what each action did. */}
      <p className="visually-hidden" role="status" aria-live="polite">
        {typeof said === 'string' ? said : ''}
      </p>
      {ids.length > 0 && (
        <div className="bulk" role="toolbar" aria-label={t('bulk.toolbar')}>
          <strong>{t('bulk.selected', { count: ids.length })}</strong>
          {scope === 'library' && (
            <>
              <FacetNames prefix="bulk" />
              <BulkField
                label={t('bulk.tagAll')}
                button={t('bulk.tag')}
                list="bulk-tags"
                onApply={(tag) =>
                  apply(
                    () => unwrap(bridge().documentsTag({ ids, add: [tag] })),
                    t('bulk.tagged', { count: ids.length, n, tag }),
                  )
                }
              />
              <BulkField
                label={t('bulk.removeTag')}
                button={t('bulk.untag')}
                list="bulk-tags"
                onApply={(tag) =>
                  apply(() => unwrap(bridge().documentsTag({ ids, remove: [tag] })), t('bulk.untagged', { n, tag }))
                }
              />
              <BulkField
                label={t('bulk.setType')}
                button={t('bulk.set')}
                list="bulk-types"
                onApply={(type) => apply(() => patch({ type }), t('bulk.typeSet', { n, value: type }))}
              />
              <BulkField
                label={t('bulk.setCorrespondent')}
                button={t('bulk.file')}
                list="bulk-correspondents"
                onApply={(correspondent) =>
                  apply(() => patch({ correspondent }), t('bulk.correspondentSet', { n, value: correspondent }))
                }
              />
              <BulkField
                label={t('bulk.setDate')}
                button={t('bulk.date')}
                type="date"
                onApply={(day) =>
                  apply(
                    () => patch({ createdAt: new Date(`${day}T00:00:00Z`).toISOString() }),
                    t('bulk.dateSet', {
                      n,
                      date: new Date(`${day}T00:00:00Z`).toLocaleDateString(locale(), {
                        timeZone: 'UTC',
                        dateStyle: 'medium',
                      }),
                    }),
                  )
                }
              />
              <BulkExport ids={ids} onDone={setSaid} />
              <button
                className="danger"
                onClick={() =>
                  void apply(
                    () => unwrap(bridge().documentsTrash({ ids })),
                    t('bulk.trashed', { count: ids.length, n }),
                    true,
                  )
                }
              >
                {t('bulk.trashN', { count: ids.length })}
              </button>
            </>
          )}
          {scope === 'trash' && (
            <button
              onClick={() =>
                void apply(
                  () => unwrap(bridge().documentsRestore({ ids })),
                  t('bulk.restored', { count: ids.length, n }),
                  true,
                )
              }
            >
              {t('bulk.restoreN', { count: ids.length })}
            </button>
          )}
          <button onClick={onDone}>{t('bulk.clear')}</button>
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
