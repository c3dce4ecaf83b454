import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FacetCount } from '../../src-shared/documents.js';

const TOP = 10;
import { useLocale } from './i18n/index.js';

/** A collapsible part of the sidebar; open unless the user closed it (remembered per section). */
export function SidebarSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const key = `lockleaf.sidebar.${id}`;
  const [open, setOpen] = useState(() => localStorage.getItem(key) !== 'closed');
  return (
    <details
      className="side-section"
      open={open}
      onToggle={(e) => {
        const now = e.currentTarget.open;
        setOpen(now);
        localStorage.setItem(key, now ? 'open' : 'closed');
      }}
    >
      <summary>{title}</summary>
      {children}
    </details>
  );
}

/** One entry: its name and count; pressed while it filters the list (pressing again removes the filter). */
export function SideEntry(props: { label: string; count?: number; active: boolean; onClick: () => void }) {
  const number = new Intl.NumberFormat(useLocale());
  return (
    <button className="side-entry" aria-pressed={props.active} onClick={props.onClick} title={props.label}>
      <span className="side-name">{props.label}</span>
      {props.count !== undefined && <span className="side-count">{number.format(props.count)}</span>}
    </button>
  );
}

/**
 * Types, correspondents or tags with counts: the ten with the most documents
 * (alphabetical among them), then "Show all N" for the rest.
 */
export function FacetList(props: {
  label: string;
  items: FacetCount[] | undefined;
  active: string;
  onPick: (name: string) => void;
}) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const items = props.items ?? [];
  if (items.length === 0) return <p className="side-none">{t('sidebar.none')}</p>;
  const top = new Set(
    [...items]
      .sort((a, b) => b.count - a.count)
      .slice(0, TOP)
      .map((i) => i.name),
  );
  // The active one stays in view even when it is not among the top ten.
  const shown = all ? items : items.filter((i) => top.has(i.name) || i.name === props.active);
  return (
    <>
      <ul className="side-list" aria-label={props.label}>
        {shown.map((i) => (
          <li key={i.name}>
            <SideEntry
              label={i.name}
              count={i.count}
              active={i.name === props.active}
              onClick={() => props.onPick(i.name === props.active ? '' : i.name)}
            />
          </li>
        ))}
      </ul>
      {items.length > TOP && (
        <button className="side-more" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? t('sidebar.showFewer') : t('sidebar.showAll', { count: items.length })}
        </button>
      )}
    </>
  );
}
