import { useQuery } from '@tanstack/react-query';
import type { SearchHit } from '../../src-shared/documents.js';
import { bridge, unwrap } from './bridge.js';

// Document dates are days stored at UTC midnight: shown in UTC so no time zone moves them a day.
const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const number = new Intl.NumberFormat();

export const formatDocDate = (iso: string) => day.format(new Date(iso));

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
  const facts = [
    formatDocDate(hit.createdAt),
    hit.type,
    hit.correspondent,
    hit.pageCount > 1 ? `${number.format(hit.pageCount)} pages` : undefined,
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
