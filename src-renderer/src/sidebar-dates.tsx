import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FacetCount } from '../../src-shared/documents.js';
import { periodOf, periodRange, type Filters } from './filters.js';
import { useLocale } from './i18n/index.js';
import { SideEntry } from './sidebar-section.js';

/** Years with counts, newest first; the open year (the one filtered by, or last clicked) lists its months. */
export function SidebarDates(props: {
  months: FacetCount[] | undefined;
  filters: Filters;
  onFilters: (f: Filters) => void;
}) {
  const { filters, onFilters } = props;
  const { t } = useTranslation();
  const lang = useLocale();
  const yearFormat = new Intl.DateTimeFormat(lang, { year: 'numeric' });
  const monthFormat = new Intl.DateTimeFormat(lang, { month: 'long' });
  const active = periodOf(filters);
  const [openYear, setOpenYear] = useState<string | undefined>(active?.slice(0, 4));
  const years = new Map<string, number>();
  for (const m of props.months ?? []) years.set(m.name.slice(0, 4), (years.get(m.name.slice(0, 4)) ?? 0) + m.count);
  if (years.size === 0) return <p className="side-none">{t('sidebar.none')}</p>;
  const pick = (period: string) => {
    const off = active === period;
    onFilters({ ...filters, ...(off ? { from: '', to: '' } : periodRange(period)) });
    if (period.length === 4) setOpenYear(off ? undefined : period);
  };
  return (
    <ul className="side-list" aria-label={t('sidebar.years')}>
      {[...years].map(([year, count]) => (
        <li key={year}>
          <SideEntry
            label={yearFormat.format(new Date(Number(year), 0, 1))}
            count={count}
            active={active === year}
            onClick={() => pick(year)}
          />
          {openYear === year && (
            <ul className="side-list side-months" aria-label={t('sidebar.monthsOf', { year })}>
              {(props.months ?? [])
                .filter((m) => m.name.startsWith(`${year}-`))
                .map((m) => (
                  <li key={m.name}>
                    <SideEntry
                      label={monthFormat.format(new Date(Number(year), Number(m.name.slice(5)) - 1, 1))}
                      count={m.count}
                      active={active === m.name}
                      onClick={() => pick(m.name)}
                    />
                  </li>
                ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
