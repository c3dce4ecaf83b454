import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AiSection } from './ai-section.js';
import { AppearanceSection } from './appearance-section.js';
import { DestroySection } from './destroy-section.js';
import { MailboxesSection } from './mailboxes-section.js';
import { PreferencesSection } from './preferences-section.js';
import { SecuritySection } from './security-section.js';
import { SyncSection } from './sync-section.js';
import './settings-screen.css';

export const settingsSections = ['general', 'appearance', 'security', 'mailboxes', 'sync', 'ai', 'danger'] as const;
export type SettingsSection = (typeof settingsSections)[number];

/** Sections whose component brings its own title (and Sync focuses it): no second heading above it. */
const OWN_TITLE: readonly SettingsSection[] = ['mailboxes', 'sync', 'ai'];

// Settings reopens at the section last shown, for as long as the window lives.
let lastSection: SettingsSection = 'general';

/**
 * Settings as its own screen: the sections listed on the left, the chosen one on the right.
 * "Back to library" or Escape returns (Escape inside an open dialog closes only the dialog).
 * `syncFocus` changing (the sync indicator was clicked) opens Sync and moves focus to it.
 */
export function SettingsScreen({
  onClose,
  initial,
  syncFocus,
}: {
  onClose: () => void;
  initial?: SettingsSection;
  syncFocus?: number;
}) {
  const { t } = useTranslation();
  const [section, setSection] = useState<SettingsSection>(initial ?? (syncFocus ? 'sync' : lastSection));
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (syncFocus) setSection('sync');
  }, [syncFocus]);
  useEffect(() => {
    lastSection = section;
  }, [section]);
  useEffect(() => {
    // Focus follows a chosen section (not the first render: focus stays where the user put it).
    if (moved.current && !OWN_TITLE.includes(section)) heading.current?.focus();
    moved.current = true;
  }, [section]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      // Nearer things first: an open dialog closes itself, and Escape in a field must not drop what was typed.
      const target = e.target as HTMLElement | null;
      if (document.querySelector('dialog[open]') || target?.closest?.('dialog')) return;
      const choice = target instanceof HTMLInputElement && ['radio', 'checkbox'].includes(target.type);
      if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) && !choice) return;
      onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const title = t(`settings.sections.${section}`);
  return (
    <div className="settings-screen">
      <nav className="settings-nav" aria-label={t('settings.sectionsLabel')}>
        <button type="button" className="settings-back" onClick={onClose}>
          ← {t('settings.back')}
        </button>
        <h1 className="settings-title">{t('settings.title')}</h1>
        <ul>
          {settingsSections.map((s) => (
            <li key={s}>
              <button
                type="button"
                aria-current={s === section ? 'page' : undefined}
                data-danger={s === 'danger' || undefined}
                onClick={() => setSection(s)}
              >
                {t(`settings.sections.${s}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="settings-body" aria-label={t('settings.title')}>
        <div className="settings-content" data-section={section}>
          {!OWN_TITLE.includes(section) && (
            <h2 ref={heading} tabIndex={-1}>
              {title}
            </h2>
          )}
          {section === 'general' && <PreferencesSection />}
          {section === 'appearance' && <AppearanceSection />}
          {section === 'security' && <SecuritySection onGeneral={() => setSection('general')} />}
          {section === 'mailboxes' && <MailboxesSection />}
          {section === 'sync' && <SyncSection focus={syncFocus} />}
          {section === 'ai' && <AiSection />}
          {section === 'danger' && <DestroySection />}
        </div>
      </main>
    </div>
  );
}
