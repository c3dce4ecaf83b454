import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Reminder } from '../../src-shared/classify.js';
import { bridge, unwrap } from './bridge.js';
import { locale, t } from './i18n/index.js';

// The chosen language's locale, never ISO dates (made per call: the language can change while the window is open).
const dateFormat = () => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' });
const relative = () => new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });

/** A YYYY-MM-DD day as the user's calendar shows it (local midnight, so no time zone moves it a day). */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return dateFormat().format(new Date(y!, m! - 1, d!));
}

/** "Due in 3 days", "Expires tomorrow"; past ones are marked apart ("Overdue", "Expired") and say how long ago. */
function describe(r: Reminder): string {
  const when = relative().format(r.daysLeft, 'day');
  if (r.daysLeft < 0) return when;
  return r.kind === 'due' ? t('due.dueWhen', { when }) : t('due.expiresWhen', { when });
}

/** "Due soon": documents with a due or expiry date, soonest first, overdue ones marked. Clicking opens one. */
export function DueView({ selected, onOpen }: { selected?: string; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const due = useQuery({ queryKey: ['documents', 'due'], queryFn: () => unwrap(bridge().dueList({})) });
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => unwrap(bridge().settingsGet()) });
  const list = due.data ?? [];
  return (
    <section aria-labelledby="due-title" className="list">
      <h2 id="due-title" className="view-title">
        {t('due.title')}
      </h2>
      {settings.data && <p className="hint">{t('due.range', { days: settings.data.reminderDays })}</p>}
      {due.isError && (
        <p role="alert" className="error">
          {due.error.message}
        </p>
      )}
      {due.isSuccess && list.length === 0 && (
        <div className="empty">
          <p>{t('due.nothing')}</p>
        </div>
      )}
      <ul className="scroller due-list">
        {list.map((r) => (
          <li key={`${r.id}:${r.kind}`} data-overdue={r.daysLeft < 0}>
            <button aria-current={r.id === selected ? 'true' : undefined} onClick={() => onOpen(r.id)}>
              <span className="title">{r.title}</span>
              <span className="due-when">
                {r.daysLeft < 0 && (
                  <>
                    <strong className="overdue">{r.kind === 'due' ? t('due.overdue') : t('due.expired')}</strong>{' '}
                  </>
                )}
                {describe(r)} · <time dateTime={r.date}>{formatDay(r.date)}</time>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
