import { useTranslation } from 'react-i18next';
import { NO_FILTERS, periodLabel, type Filters } from './filters.js';

const KEYS = { type: 'filterType', correspondent: 'filterCorrespondent', tag: 'filterTag' } as const;

/** The filters in force, above the list: each removable, or all at once. */
export function FilterChips({ filters, onFilters }: { filters: Filters; onFilters: (f: Filters) => void }) {
  const { t } = useTranslation();
  const chips: { label: string; clear: Partial<Filters> }[] = [];
  for (const key of ['type', 'correspondent', 'tag'] as const)
    if (filters[key]) chips.push({ label: t(`library.${KEYS[key]}`, { value: filters[key] }), clear: { [key]: '' } });
  if (filters.from || filters.to)
    chips.push({ label: t('library.filterDate', { value: periodLabel(filters) }), clear: { from: '', to: '' } });
  if (chips.length === 0) return null;
  return (
    <ul className="chips" aria-label={t('library.activeFilters')}>
      {chips.map((c) => (
        <li key={c.label} className="chip">
          <span>{c.label}</span>
          <button
            aria-label={t('library.removeFilter', { label: c.label })}
            onClick={() => onFilters({ ...filters, ...c.clear })}
          >
            ×
          </button>
        </li>
      ))}
      {chips.length > 1 && (
        <li>
          <button className="chip-clear" onClick={() => onFilters(NO_FILTERS)}>
            {t('library.clearFilters')}
          </button>
        </li>
      )}
    </ul>
  );
}
