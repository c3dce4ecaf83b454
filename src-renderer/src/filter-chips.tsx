import { NO_FILTERS, periodLabel, type Filters } from './filters.js';

const NAMES = { type: 'Type', correspondent: 'Correspondent', tag: 'Tag' } as const;

/** The filters in force, above the list: each removable, or all at once. */
export function FilterChips({ filters, onFilters }: { filters: Filters; onFilters: (f: Filters) => void }) {
  const chips: { label: string; clear: Partial<Filters> }[] = [];
  for (const key of ['type', 'correspondent', 'tag'] as const)
    if (filters[key]) chips.push({ label: `${NAMES[key]}: ${filters[key]}`, clear: { [key]: '' } });
  if (filters.from || filters.to) chips.push({ label: `Date: ${periodLabel(filters)}`, clear: { from: '', to: '' } });
  if (chips.length === 0) return null;
  return (
    <ul className="chips" aria-label="Active filters">
      {chips.map((c) => (
        <li key={c.label} className="chip">
          <span>{c.label}</span>
          <button aria-label={`Remove filter ${c.label}`} onClick={() => onFilters({ ...filters, ...c.clear })}>
            ×
          </button>
        </li>
      ))}
      {chips.length > 1 && (
        <li>
          <button className="chip-clear" onClick={() => onFilters(NO_FILTERS)}>
            Clear filters
          </button>
        </li>
      )}
    </ul>
  );
}
