import { useQuery } from '@tanstack/react-query';
import type { DocumentSummary } from '../../src-shared/documents.js';
import { useTranslation } from 'react-i18next';
import { bridge, unwrap } from './bridge.js';
import { locale } from './i18n/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** documents:list's largest page: the trash's summary (when each went, how many) in one call. */
export const TRASH_LIMIT = 10_000;

/** Everything in the trash, with when it was trashed; refreshed with every documents:changed. */
export function useTrash() {
  return useQuery({
    queryKey: ['documents', 'trash-summary'],
    queryFn: () => unwrap(bridge().documentsList({ scope: 'trash', limit: TRASH_LIMIT })),
  });
}

export function useRetentionDays(): number | undefined {
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => unwrap(bridge().settingsGet()) });
  return settings.data?.trashRetentionDays;
}

/** When a trashed document is deleted for good (the upkeep purges at unlock and every few hours after that day). */
export function purgeDate(doc: Pick<DocumentSummary, 'deletedAt'>, days: number): Date | undefined {
  return doc.deletedAt ? new Date(new Date(doc.deletedAt).getTime() + days * DAY_MS) : undefined;
}

export const formatDay = (date: Date) => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(date);

/**
 * A trash row's end: when it will be purged, and Restore. Restore is for the
 * pointer only, a span like the row's check box (a control inside an option
 * is invalid ARIA); keyboard users restore with Space and the bulk bar, or
 * the open document's Restore button.
 */
export function TrashRowInfo({ id, onRestore }: { id: string; onRestore: (id: string) => void }) {
  const { t } = useTranslation();
  const trash = useTrash();
  const days = useRetentionDays();
  const doc = trash.data?.find((d) => d.id === id);
  const when = doc && days !== undefined ? purgeDate(doc, days) : undefined;
  return (
    <span className="trash-info">
      {when && <span className="purge-date">{t('files.purgeOn', { date: formatDay(when) })}</span>}
      <span
        className="row-restore"
        aria-hidden="true"
        onClick={(e) => {
          e.stopPropagation();
          onRestore(id);
        }}
      >
        {t('files.restore')}
      </span>
    </span>
  );
}
