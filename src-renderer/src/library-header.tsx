import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { AddDocuments } from './add-documents.js';
import { SyncIndicator } from './sync-indicator.js';

interface Props {
  query: string;
  onQuery: (q: string) => void;
  searchRef: RefObject<HTMLInputElement | null>;
  onSay: (text: string) => void;
  settings: boolean;
  onSettings: (open: boolean) => void;
  onSync: () => void;
  onLock: () => void;
}

/** The window's top: a way past it to the documents, search, Add documents, sync, Settings and Lock. */
export function LibraryHeader(props: Props) {
  const { t } = useTranslation();
  return (
    <header className="bar">
      <a
        className="skip-link"
        href="#results"
        onClick={(e) => {
          e.preventDefault();
          // The list of documents, or else the first control of whatever the place shows (Inbox, Due soon, Home).
          (
            document.querySelector<HTMLElement>('[role="listbox"]') ??
            document.querySelector<HTMLElement>('.app-shell > :not(.sidebar) button')
          )?.focus();
        }}
      >
        {t('library.skip')}
      </a>
      <strong className="brand">Lockleaf</strong>
      <label className="search">
        <span className="visually-hidden">{t('library.searchLabel')}</span>
        <input
          ref={props.searchRef}
          type="search"
          placeholder={t('library.searchPlaceholder')}
          value={props.query}
          onChange={(e) => props.onQuery(e.target.value)}
        />
      </label>
      <AddDocuments onResult={props.onSay} />
      <SyncIndicator onOpen={props.onSync} />
      <button aria-pressed={props.settings} onClick={() => props.onSettings(!props.settings)}>
        {t('library.settings')}
      </button>
      <button onClick={props.onLock}>{t('library.lock')}</button>
    </header>
  );
}
