/**
 * A day typed or picked, shown as Intl writes it in the chosen language (see
 * day-text.ts for why not a bare `<input type="date">`). The calendar button
 * opens the browser's own picker on a hidden date input.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDay, parseDay } from './day-text.js';
import { useLocale } from './i18n/index.js';
import './date-field.css';

interface Props {
  label: ReactNode;
  /** YYYY-MM-DD, or '' for none. */
  value: string;
  onChange: (iso: string) => void;
  /** Called after a change is committed (on blur or pick), e.g. to save. */
  onCommit?: (iso: string) => void;
  disabled?: boolean;
  name?: string;
}

export function DateField({ label, value, onChange, onCommit, disabled, name }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const picker = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(() => (value ? formatDay(value, locale) : ''));
  const [invalid, setInvalid] = useState(false);
  // The value changed from outside (another document, a save, a language change): show it anew.
  useEffect(() => {
    setText(value ? formatDay(value, locale) : '');
    setInvalid(false);
  }, [value, locale]);

  const commit = (iso: string) => {
    setInvalid(false);
    setText(iso ? formatDay(iso, locale) : '');
    if (iso !== value) onChange(iso);
    onCommit?.(iso);
  };
  const read = () => {
    const iso = parseDay(text, locale);
    // Not a day: keep what was typed so it can be corrected, and say so; the stored value is untouched.
    if (iso === undefined) setInvalid(true);
    else commit(iso);
  };

  return (
    <span className="date-field">
      <label htmlFor={id}>{label}</label>
      <span className="date-field-row">
        <input
          id={id}
          name={name}
          type="text"
          autoComplete="off"
          value={text}
          disabled={disabled}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? `${id}-error` : undefined}
          onChange={(e) => setText(e.target.value)}
          onBlur={read}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            // Enter submits the form, but its handler was made before this day was read: read it, let React
            // render, then submit, so the form sends the day just typed.
            e.preventDefault();
            const form = e.currentTarget.form;
            if (parseDay(text, locale) === undefined) return setInvalid(true);
            read();
            if (form) setTimeout(() => form.requestSubmit());
          }}
        />
        <button
          type="button"
          className="date-field-pick"
          disabled={disabled}
          aria-label={t('common.pickDate')}
          title={t('common.pickDate')}
          onClick={() => picker.current?.showPicker()}
        >
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <rect x="1.5" y="3" width="13" height="11.5" rx="1.5" fill="none" stroke="currentColor" />
            <path d="M1.5 6.5h13M5 1.5v3M11 1.5v3" stroke="currentColor" fill="none" />
          </svg>
        </button>
        <input
          ref={picker}
          type="date"
          className="date-field-native"
          tabIndex={-1}
          aria-hidden="true"
          value={value}
          onChange={(e) => commit(e.target.value)}
        />
      </span>
      {invalid && (
        <span id={`${id}-error`} className="error" role="alert">
          {t('common.notADate', { example: formatDay('2025-01-31', locale) })}
        </span>
      )}
    </span>
  );
}
