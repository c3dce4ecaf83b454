import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languageChoice, LANGUAGES, setLanguageChoice, systemLanguage, type LanguageChoice } from './index.js';
import './language-select.css';

/** System / English / Deutsch / Français: applies at once, no reload, remembered for the next start. */
export function LanguageSelect({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<LanguageChoice>(languageChoice);
  return (
    <label className={compact ? 'language-select compact' : 'language-select'}>
      {t('language.label')}
      <select
        value={choice}
        onChange={(e) => {
          const next = e.target.value as LanguageChoice;
          setChoice(next);
          setLanguageChoice(next);
        }}
      >
        <option value="system">{t('language.system', { name: t(`language.${systemLanguage()}`) })}</option>
        {LANGUAGES.map((lng) => (
          // Each language named in itself (and marked so), whatever the window's language is.
          <option key={lng} value={lng} lang={lng}>
            {t(`language.${lng}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
