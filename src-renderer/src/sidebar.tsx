import { useQuery } from '@tanstack/react-query';
import type { SavedView, SearchSort } from '../../src-shared/documents.js';
import { bridge, unwrap } from './bridge.js';
import type { Filters } from './filters.js';
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

const PLACES: { place: Place; label: string; glyph: string }[] = [
  { place: 'home', label: 'Home', glyph: '⌂' },
  { place: 'library', label: 'All documents', glyph: '▤' },
  { place: 'inbox', label: 'Inbox', glyph: '✉' },
  { place: 'due', label: 'Due soon', glyph: '◷' },
  { place: 'trash', label: 'Trash', glyph: '⌫' },
];

/**
 * The library's left side: the places (with counts), then what the documents
 * are filed under, their dates and saved views; clicking one filters the list.
 * Collapses to a narrow rail of the places so the list can have the width.
 */
export function Sidebar(props: Props) {
  const { place, filters, onFilters, collapsed } = props;
  const facets = useQuery({ queryKey: ['documents', 'facets'], queryFn: () => unwrap(bridge().documentsFacets()) });
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
    <aside className="sidebar" data-collapsed={collapsed} aria-label="Sidebar">
      <button
        className="side-toggle"
        aria-expanded={!collapsed}
        aria-label={collapsed ? 'Show sidebar' : 'Hide sidebar'}
        title={collapsed ? 'Show sidebar' : 'Hide sidebar'}
        onClick={() => props.onCollapse(!collapsed)}
      >
        {collapsed ? '»' : '«'}
      </button>
      <nav aria-label="Places">
        <ul className="side-list">
          {PLACES.map((p) => (
            <li key={p.place}>
              <button
                className="side-entry side-place"
                aria-current={place === p.place ? 'page' : undefined}
                onClick={() => props.onPlace(p.place)}
                title={p.label}
                // The glyph is drawn by CSS with empty alternative text: the name is the label and the count.
                data-glyph={p.glyph}
              >
                <span className="side-name">{p.label}</span>
                {counts[p.place] ? (
                  <span className="side-count">
                    {new Intl.NumberFormat().format(counts[p.place]!)}
                    {p.place === 'inbox' && <span className="visually-hidden"> to review</span>}
                  </span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {!collapsed && (
        <div className="side-sections">
          <SidebarSection title="Types">
            <FacetList label="Types" items={facets.data?.types} active={filters.type} onPick={facet('type')} />
          </SidebarSection>
          <SidebarSection title="Correspondents">
            <FacetList
              label="Correspondents"
              items={facets.data?.correspondents}
              active={filters.correspondent}
              onPick={facet('correspondent')}
            />
          </SidebarSection>
          <SidebarSection title="Tags">
            <FacetList label="Tags" items={facets.data?.tags} active={filters.tag} onPick={facet('tag')} />
          </SidebarSection>
          <SidebarSection title="Dates">
            <SidebarDates months={facets.data?.months} filters={filters} onFilters={filter} />
          </SidebarSection>
          <SidebarSection title="Saved views">
            <SavedViews query={props.query} sort={props.sort} onView={props.onView} activeView={props.activeView} />
          </SidebarSection>
        </div>
      )}
    </aside>
  );
}
