import { useTranslation } from 'react-i18next';
import { themes, useTheme } from './theme.js';

/** Settings → Appearance: System / Light / Dark, kept on this device (theme.ts), applied at once. */
export function AppearanceSection() {
  const { t } = useTranslation();
  const [theme, setTheme] = useTheme();
  return (
    <fieldset className="theme-choice">
      <legend>{t('settings.theme.label')}</legend>
      {themes.map((choice) => (
        <label key={choice} className="check">
          <input
            type="radio"
            name="theme"
            value={choice}
            checked={theme === choice}
            onChange={() => setTheme(choice)}
          />
          {t(`settings.theme.${choice}`)}
        </label>
      ))}
      <p className="hint">{t('settings.theme.hint')}</p>
    </fieldset>
  );
}
