import { useTranslation } from 'react-i18next';
import type { SavedView, SearchSort } from '../../src-shared/documents.js';
import { useFacets } from './facet-names.js';
import type { Filters } from './filters.js';
import { useLocale } from './i18n/index.js';
import { SavedViews } from './saved-views.js';
import { SidebarDates } from './sidebar-dates.js';
import { FacetList, SidebarSection } from './sidebar-section.js';
import './sidebar.css';

export type Place = 'home' | 'library' | 'inbox' | 'due' | 'trash';

interface Props {
  place: Place;
  onPlace: (place: Place) => void;
  inboxCount: number | undefined;
  trashCount: number | undefined;
  filters: Filters;
  onFilters: (f: Filters) => void;
  query: string;
  sort: SearchSort;
  onView: (view: SavedView) => void;
  activeView: string | undefined;
  collapsed: boolean;
  onCollapse: (collapsed: boolean) => void;
}

const PLACES = [
  { place: 'home', label: 'home', glyph: '⌂' },
  { place: 'library', label: 'all', glyph: '▤' },
  { place: 'inbox', label: 'inbox', glyph: '✉' },
  { place: 'due', label: 'due', glyph: '◷' },
  { place: 'trash', label: 'trash', glyph: '⌫' },
] as const;

/**
 * The library's left side: the places (with counts), then what the documents
 * are filed under, their dates and saved views; clicking one filters the list.
 * Collapses to a narrow rail of the places so the list can have the width.
 */
export function Sidebar(props: Props) {
  const { place, filters, onFilters, collapsed } = props;
  const { t } = useTranslation();
  const number = new Intl.NumberFormat(useLocale());
  const facets = useFacets();
  const counts: Partial<Record<Place, number | undefined>> = {
    library: facets.data?.total,
    inbox: props.inboxCount,
    trash: props.trashCount,
  };
  // Filtering is the library's: from elsewhere a click also goes back to it.
  const filter = (next: Filters) => {
    onFilters(next);
    if (place !== 'library') props.onPlace('library');
  };
  const facet = (key: 'type' | 'correspondent' | 'tag') => (name: string) => filter({ ...filters, [key]: name });
  return (
    <aside className="sidebar" data-collapsed={collapsed} aria-label={t('sidebar.label')}>
      <button
        className="side-toggle"
        aria-expanded={!collapsed}
        aria-label={collapsed ? t('sidebar.show') : t('sidebar.hide')}
        title={collapsed ? t('sidebar.show') : t('sidebar.hide')}
        onClick={() => props.onCollapse(!collapsed)}
      >
        {collapsed ? '»' : '«'}
      </button>
      <nav aria-label={t('sidebar.places')}>
        <ul className="side-list">
          {PLACES.map((p) => (
            <li key={p.place}>
              <button
                className="side-entry side-place"
                aria-current={place === p.place ? 'page' : undefined}
                onClick={() => props.onPlace(p.place)}
                title={t(`sidebar.${p.label}`)}
                // The glyph is drawn by CSS with empty alternative text: the name is the label and the count.
                data-glyph={p.glyph}
              >
                <span className="side-name">{t(`sidebar.${p.label}`)}</span>
                {counts[p.place] ? (
                  <span className="side-count">
                    {number.format(counts[p.place]!)}
                    {p.place === 'inbox' && <span className="visually-hidden">{t('sidebar.toReview')}</span>}
                  </span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {!collapsed && (
        <div className="side-sections">
          <SidebarSection id="types" title={t('sidebar.types')}>
            <FacetList
              label={t('sidebar.types')}
              items={facets.data?.types}
              active={filters.type}
              onPick={facet('type')}
            />
          </SidebarSection>
          <SidebarSection id="correspondents" title={t('sidebar.correspondents')}>
            <FacetList
              label={t('sidebar.correspondents')}
              items={facets.data?.correspondents}
              active={filters.correspondent}
              onPick={facet('correspondent')}
            />
          </SidebarSection>
          <SidebarSection id="tags" title={t('sidebar.tags')}>
            <FacetList label={t('sidebar.tags')} items={facets.data?.tags} active={filters.tag} onPick={facet('tag')} />
          </SidebarSection>
          <SidebarSection id="dates" title={t('sidebar.dates')}>
            <SidebarDates months={facets.data?.months} filters={filters} onFilters={filter} />
          </SidebarSection>
          <SidebarSection id="views" title={t('sidebar.views')}>
            <SavedViews query={props.query} sort={props.sort} onView={props.onView} activeView={props.activeView} />
          </SidebarSection>
        </div>
      )}
    </aside>
  );
}
