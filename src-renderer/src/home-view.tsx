import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../src-shared/documents.js';
import { bridge, unwrap } from './bridge.js';
import { useLocale } from './i18n/index.js';
import { useInboxCount } from './inbox-view.js';
import './home-view.css';

const RECENT = 8;
const DUE_SHOWN = 5;

/** "2.4 MB" in the user's locale (Intl's units, 1 kB = 1,000 bytes as the file managers count). */
export function formatSize(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 || value >= 10 ? 0 : 1,
  }).format(value);
}

function RecentCard({ doc, onOpen }: { doc: DocumentSummary; onOpen: (id: string) => void }) {
  const locale = useLocale();
  const thumb = useQuery({
    queryKey: ['documents', 'thumbnail', doc.id],
    queryFn: () => unwrap(bridge().documentsThumbnail({ id: doc.id })),
    staleTime: Infinity,
  });
  const added = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(doc.addedAt));
  return (
    <li>
      <button type="button" className="recent-card" onClick={() => onOpen(doc.id)}>
        <span className="recent-thumb" aria-hidden="true">
          {thumb.data ? <img src={thumb.data} alt="" /> : <span className="recent-mime">{doc.mime.split('/')[1]}</span>}
        </span>
        <span className="recent-title">{doc.title}</span>
        <span className="recent-date">{added}</span>
      </button>
    </li>
  );
}

/** Documents, pages and room on disk, in the user's locale. */
function Storage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const stats = useQuery({ queryKey: ['documents', 'home', 'stats'], queryFn: () => unwrap(bridge().vaultStats()) });
  const n = (x: number) => new Intl.NumberFormat(locale).format(x);
  if (stats.isError)
    return (
      <p className="error" role="alert">
        {stats.error.message}
      </p>
    );
  if (!stats.data) return null;
  const s = stats.data;
  return (
    <dl className="home-figures">
      <div>
        <dt>{t('home.storage.documents', { count: s.documents })}</dt>
        <dd>{n(s.documents)}</dd>
      </div>
      <div>
        <dt>{t('home.storage.pages', { count: s.pages })}</dt>
        <dd>{n(s.pages)}</dd>
      </div>
      <div>
        <dt>{t('home.storage.size')}</dt>
        <dd>{formatSize(s.bytes, locale)}</dd>
      </div>
      {s.trashed > 0 && (
        <div>
          <dt>{t('home.storage.trashed', { count: s.trashed })}</dt>
          <dd>{n(s.trashed)}</dd>
        </div>
      )}
    </dl>
  );
}

/** The start screen after unlock: recently added, the Inbox, what is due soon, and storage figures. */
export function HomeView({
  onOpen,
  onInbox,
  onDue,
}: {
  onOpen: (id: string) => void;
  onInbox: () => void;
  onDue: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const inbox = useInboxCount();
  const recent = useQuery({
    queryKey: ['documents', 'home', 'recent'],
    queryFn: () => unwrap(bridge().documentsList({ limit: RECENT })),
  });
  const due = useQuery({ queryKey: ['documents', 'due'], queryFn: () => unwrap(bridge().dueList({})) });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const dueSoon = (due.data ?? []).slice(0, DUE_SHOWN);
  return (
    <section className="home" aria-labelledby="home-title">
      <h1 id="home-title" className="home-title">
        {t('home.title')}
      </h1>
      {/* The figures first: at 1280×800 a second row of recent documents would push them below the window. */}
      <div className="home-grid">
        <section className="home-card" aria-labelledby="home-inbox-title">
          <h2 id="home-inbox-title">{t('home.inbox.title')}</h2>
          <p className="home-big">{new Intl.NumberFormat(locale).format(inbox ?? 0)}</p>
          <p className="hint">{t('home.inbox.waiting', { count: inbox ?? 0 })}</p>
          <button type="button" onClick={onInbox}>
            {t('home.inbox.open')}
          </button>
        </section>
        <section className="home-card" aria-labelledby="home-due-title">
          <h2 id="home-due-title">{t('home.due.title')}</h2>
          {due.isSuccess && dueSoon.length === 0 && <p className="hint">{t('home.due.none')}</p>}
          <ul className="home-due">
            {dueSoon.map((r) => {
              const [y, m, d] = r.date.split('-').map(Number);
              return (
                <li key={`${r.id}:${r.kind}`}>
                  <button type="button" className="link" onClick={() => onOpen(r.id)}>
                    {r.title}
                  </button>
                  <time dateTime={r.date} className={r.daysLeft < 0 ? 'overdue' : 'hint'}>
                    {day.format(new Date(y!, m! - 1, d!))}
                  </time>
                </li>
              );
            })}
          </ul>
          {(due.data?.length ?? 0) > 0 && (
            <button type="button" onClick={onDue}>
              {t('home.due.all')}
            </button>
          )}
        </section>
        <section className="home-card" aria-labelledby="home-storage-title">
          <h2 id="home-storage-title">{t('home.storage.title')}</h2>
          <Storage />
        </section>
        <section className="home-card home-recent" aria-labelledby="home-recent-title">
          <h2 id="home-recent-title">{t('home.recent.title')}</h2>
          {recent.isError && (
            <p className="error" role="alert">
              {recent.error.message}
            </p>
          )}
          {recent.data?.length === 0 && <p className="hint">{t('home.recent.empty')}</p>}
          <ul className="recent-list">
            {recent.data?.map((doc) => (
              <RecentCard key={doc.id} doc={doc} onOpen={onOpen} />
            ))}
          </ul>
        </section>
      </div>
    </section>
  );
}
