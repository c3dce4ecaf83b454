/**
 * The theme choice (System / Light / Dark): a device preference, so it lives in
 * localStorage, not in the vault, and applies before unlock (the unlock screen
 * too). "system" leaves html without data-theme, and tokens.css follows
 * prefers-color-scheme; "light" or "dark" sets html[data-theme], which wins.
 */
import { useCallback, useSyncExternalStore } from 'react';

export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];

const KEY = 'lockleaf.theme';
const listeners = new Set<() => void>();

function read(): Theme {
  try {
    const value = localStorage.getItem(KEY);
    return themes.includes(value as Theme) ? (value as Theme) : 'system';
  } catch {
    // Storage refused (a locked-down profile): the system's theme.
    return 'system';
  }
}

export function applyTheme(theme: Theme = read()): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

export function setTheme(theme: Theme): void {
  try {
    if (theme === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, theme);
  } catch {
    // Not kept, but applied for this session all the same.
  }
  applyTheme(theme);
  for (const l of listeners) l();
}

/** The current choice, and a setter; every user of it re-renders on a change. */
export function useTheme(): [Theme, (theme: Theme) => void] {
  const subscribe = useCallback((l: () => void) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, []);
  const theme = useSyncExternalStore(subscribe, read);
  return [theme, setTheme];
}

// Applied as this module loads, before the first render: no flash of the wrong theme.
applyTheme();
