import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge, unwrap } from './bridge.js';
import { strength } from './passphrase-strength.js';
import { StrengthMeter } from './strength-meter.js';

/**
 * Settings → Security → Change passphrase: the current one, the new one rated like the first-run form (one
 * level for bar and words, a Show toggle), and the new one again. Only the key wrap changes; nothing is
 * re-encrypted. A wrong current passphrase says so and keeps what was typed.
 */
export function ChangePassphraseForm() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [shown, setShown] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const nextField = useRef<HTMLInputElement>(null);
  const repeatField = useRef<HTMLInputElement>(null);
  const change = useMutation({
    mutationFn: () => unwrap(bridge().vaultChangePassphrase({ current, next })),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setRepeat('');
    },
  });
  const s = strength(next);
  const mismatch = repeat !== '' && repeat !== next;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // Say why nothing happens, where the user will look.
    if (s.score === 0) {
      setProblem(t('settings.passphrase.tooShort'));
      nextField.current?.focus();
      return;
    }
    if (next !== repeat) {
      setProblem(t('settings.passphrase.differ'));
      repeatField.current?.focus();
      return;
    }
    setProblem(undefined);
    change.mutate();
  };
  const type = shown ? 'text' : 'password';
  return (
    <form className="metadata" onSubmit={onSubmit} aria-labelledby="change-passphrase-title" noValidate>
      <h3 id="change-passphrase-title">{t('settings.passphrase.title')}</h3>
      <label>
        {t('settings.passphrase.current')}
        <input
          type={type}
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </label>
      <label>
        {t('settings.passphrase.new')}
        <input
          ref={nextField}
          type={type}
          autoComplete="new-password"
          value={next}
          onChange={(e) => {
            setNext(e.target.value);
            setProblem(undefined);
          }}
        />
      </label>
      {next && <StrengthMeter passphrase={next} label={t('settings.passphrase.strength')} />}
      <label>
        {t('settings.passphrase.repeat')}
        <input
          ref={repeatField}
          type={type}
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => {
            setRepeat(e.target.value);
            setProblem(undefined);
          }}
          aria-invalid={mismatch}
        />
      </label>
      <button type="button" className="toggle" aria-pressed={shown} onClick={() => setShown(!shown)}>
        {t('settings.passphrase.show')}
      </button>
      {mismatch && !problem && <p className="error">{t('settings.passphrase.differShort')}</p>}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {change.isError && (
        <p className="error" role="alert">
          {change.error.message}
        </p>
      )}
      {change.isSuccess && (
        <p className="hint" role="status">
          {t('settings.passphrase.changed')}
        </p>
      )}
      <button type="submit" disabled={change.isPending}>
        {t('settings.passphrase.submit')}
      </button>
    </form>
  );
}
