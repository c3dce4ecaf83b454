/** Beside the document: its details and notes (the same form as the pane, saving itself) and its history. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../src-shared/history.js';
import { bridge, unwrap } from './bridge.js';
import { useLocale } from './i18n/index.js';
import { MetadataForm } from './metadata-form.js';

function useHistoryText(): (e: HistoryEntry) => string {
  const { t } = useTranslation();
  return (e) => {
    switch (e.kind) {
      case 'added':
        return t('docView.historyAdded', { name: e.detail });
      case 'edited': {
        const custom = e.detail.startsWith('field:') ? e.detail.slice('field:'.length) : undefined;
        const field =
          custom ??
          (
            {
              title: t('docView.fieldTitle'),
              notes: t('docView.fieldNotes'),
              date: t('docView.fieldDate'),
              type: t('docView.fieldType'),
              correspondent: t('docView.fieldCorrespondent'),
            } as Record<string, string>
          )[e.detail];
        return field ? t('docView.historyEditedField', { field }) : t('docView.historyEdited');
      }
      case 'tagged':
        return t('docView.historyTagged', { tag: e.detail });
      case 'untagged':
        return t('docView.historyUntagged', { tag: e.detail });
      case 'trashed':
        return t('docView.historyTrashed');
      case 'restored':
        return t('docView.historyRestored');
      case 'sent':
        return t('docView.historySent', { domains: e.detail.split(',').join(', ') });
      case 'ai':
        return t('docView.historyAi', { model: e.detail });
    }
  };
}

export function DocumentSide({ id }: { id: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const doc = useQuery({ queryKey: ['documents', 'one', id], queryFn: () => unwrap(bridge().documentsGet({ id })) });
  const history = useQuery({
    queryKey: ['documents', 'history', id],
    queryFn: () => unwrap(bridge().documentsHistory({ id })),
  });
  const text = useHistoryText();
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <aside className="dv-side" aria-label={t('docView.about')}>
      <details open>
        <summary>{t('docView.details')}</summary>
        {doc.data && <MetadataForm key={id} doc={doc.data} readOnly={Boolean(doc.data.deletedAt)} />}
        {doc.isError && <p className="error">{doc.error.message}</p>}
      </details>
      <details open>
        <summary>{t('docView.history')}</summary>
        {history.isError && <p className="error">{history.error.message}</p>}
        <ol className="dv-history" aria-label={t('docView.history')}>
          {history.data?.map((e, i) => (
            <li key={`${e.at}-${i}`} data-kind={e.kind}>
              <time dateTime={e.at}>{when.format(new Date(e.at))}</time>
              <span>{text(e)}</span>
            </li>
          ))}
        </ol>
      </details>
    </aside>
  );
}
