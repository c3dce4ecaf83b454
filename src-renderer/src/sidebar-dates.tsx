import { useState } from 'react';
import type { FacetCount } from '../../src-shared/documents.js';
import { periodOf, periodRange, type Filters } from './filters.js';
import { SideEntry } from './sidebar-section.js';

const yearFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric' });
const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'long' });

/** Years with counts, newest first; the open year (the one filtered by, or last clicked) lists its months. */
export function SidebarDates(props: {
  months: FacetCount[] | undefined;
  filters: Filters;
  onFilters: (f: Filters) => void;
}) {
  const { filters, onFilters } = props;
  const active = periodOf(filters);
  const [openYear, setOpenYear] = useState<string | undefined>(active?.slice(0, 4));
  const years = new Map<string, number>();
  for (const m of props.months ?? []) years.set(m.name.slice(0, 4), (years.get(m.name.slice(0, 4)) ?? 0) + m.count);
  if (years.size === 0) return <p className="side-none">None yet</p>;
  const pick = (period: string) => {
    const off = active === period;
    onFilters({ ...filters, ...(off ? { from: '', to: '' } : periodRange(period)) });
    if (period.length === 4) setOpenYear(off ? undefined : period);
  };
  return (
    <ul className="side-list" aria-label="Years">
      {[...years].map(([year, count]) => (
        <li key={year}>
          <SideEntry
            label={yearFormat.format(new Date(Number(year), 0, 1))}
            count={count}
            active={active === year}
            onClick={() => pick(year)}
          />
          {openYear === year && (
            <ul className="side-list side-months" aria-label={`Months of ${year}`}>
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
