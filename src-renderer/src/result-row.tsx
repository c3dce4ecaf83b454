import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../src-shared/documents.js';
import { bridge, unwrap } from './bridge.js';
import { locale } from './i18n/index.js';

// Document dates are days stored at UTC midnight: shown in UTC so no time zone moves them a day.
export const formatDocDate = (iso: string) =>
  new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));

const KINDS: Record<string, string> = { 'application/pdf': 'PDF', 'text/plain': 'TXT', 'image/jpeg': 'JPG' };

/** What a grid cell without a thumbnail shows: the kind of file ("PDF", "TXT", "PNG"). */
export const fileKind = (mime: string) => KINDS[mime] ?? (mime.split('/')[1] ?? mime).slice(0, 4).toUpperCase();

/** A document's thumbnail, fetched only for rows on screen and kept for the session. */
export function Thumb({ id, className = 'row-thumb' }: { id: string; className?: string }) {
  const thumb = useQuery({
    queryKey: ['documents', 'thumb', id],
    queryFn: () => unwrap(bridge().documentsThumbnail({ id })),
    staleTime: Infinity,
  });
  return thumb.data ? <img className={className} src={thumb.data} alt="" /> : null;
}

/** Under a row's title: its date, type, correspondent and pages, then its tags as chips. */
export function RowMeta({ hit }: { hit: SearchHit }) {
  const { t } = useTranslation();
  const facts = [
    formatDocDate(hit.createdAt),
    hit.type,
    hit.correspondent,
    hit.pageCount > 1 ? t('library.pages', { count: hit.pageCount }) : undefined,
  ].filter(Boolean);
  return (
    <span className="row-meta">
      <span className="row-facts">{facts.join(' · ')}</span>
      {hit.tags.length > 0 && (
        <span className="row-tags">
          {hit.tags.map((t) => (
            <span key={t} className="row-tag">
              {t}
            </span>
          ))}
        </span>
      )}
    </span>
  );
}
