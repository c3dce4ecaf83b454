import { useEffect, useRef } from 'react';

interface Handlers {
  /** "/" or Ctrl/Cmd+K. */
  onSearch: () => void;
  /** "?". */
  onHelp: () => void;
  /** Escape, when nothing nearer took it: returns whether it closed something. */
  onEscape: () => void;
}

const typingIn = (el: EventTarget | null) => {
  const tag = (el as HTMLElement | null)?.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (el as HTMLElement | null)?.isContentEditable;
};

/**
 * The window's own keys. Escape is left to whatever is nearer first: an open
 * dialog (it closes itself), drop messages (they close on Escape), a field
 * being typed in (a search field clears itself).
 */
export function useLibraryKeys(handlers: Handlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = typingIn(e.target);
      if ((e.key === '/' && !typing) || (e.key.toLowerCase() === 'k' && (e.ctrlKey || e.metaKey))) {
        e.preventDefault();
        latest.current.onSearch();
      } else if (e.key === '?' && !typing && !document.querySelector('dialog[open], .document-view')) {
        e.preventDefault();
        latest.current.onHelp();
      } else if (e.key === 'Escape' && !typing && !e.defaultPrevented) {
        if (document.querySelector('dialog[open], .notes .note')) return;
        latest.current.onEscape();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
