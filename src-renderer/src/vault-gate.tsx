import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge, BridgeError, unwrap } from './bridge.js';
import { CloneForm } from './clone-form.js';
import { LanguageSelect } from './i18n/language-select.js';
import { strength } from './passphrase-strength.js';
import { StrengthMeter } from './strength-meter.js';
import { retryAfter, useSecondsLeft } from './unlock-wait.js';

export function VaultGate({ exists }: { exists: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [cloning, setCloning] = useState(false);
  const [shown, setShown] = useState(false);
  // "Too short" only once the user has typed or left the field, never on an empty form.
  const [touched, setTouched] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [waitUntil, setWaitUntil] = useState<number | undefined>();
  const secondsLeft = useSecondsLeft(waitUntil);
  const field = useRef<HTMLInputElement>(null);
  const repeatField = useRef<HTMLInputElement>(null);
  const submit = useMutation({
    mutationFn: () => unwrap(exists ? bridge().vaultUnlock({ passphrase }) : bridge().vaultCreate({ passphrase })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['status'] }),
    onError: (error) => {
      const wait = retryAfter(error);
      setWaitUntil(wait === undefined ? undefined : Date.now() + wait);
    },
  });
  const s = strength(passphrase);
  const mismatch = !exists && repeat !== '' && repeat !== passphrase;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (secondsLeft > 0) return;
    if (!exists && s.score === 0) {
      // Say why nothing happens, where the user will look.
      setTouched(true);
      setProblem(t('gate.tooShortProblem'));
      field.current?.focus();
      return;
    }
    if (!exists && repeat !== passphrase) {
      setProblem(t('gate.differProblem'));
      repeatField.current?.focus();
      return;
    }
    setProblem(undefined);
    submit.mutate();
  };
  if (cloning && !exists) return <CloneForm onBack={() => setCloning(false)} />;
  const waiting = secondsLeft > 0;
  // While a wait runs, the countdown says it all (a throttled attempt's own message would repeat it).
  const failure =
    submit.isError && !(waiting && submit.error instanceof BridgeError && submit.error.data.code === 'UNLOCK_THROTTLED')
      ? submit.error
      : undefined;
  return (
    <main className="center">
      <form className="card gate" onSubmit={onSubmit} aria-labelledby="gate-title" noValidate>
        <LanguageSelect compact />
        <h1 id="gate-title">{exists ? t('gate.unlockTitle') : t('gate.createTitle')}</h1>
        {!exists && <p>{t('gate.createIntro')}</p>}
        <label>
          {t('gate.passphrase')}
          <input
            ref={field}
            type={shown ? 'text' : 'password'}
            autoFocus
            autoComplete={exists ? 'current-password' : 'new-password'}
            value={passphrase}
            aria-invalid={!exists && touched && s.score === 0}
            onChange={(e) => {
              setPassphrase(e.target.value);
              setTouched(true);
              setProblem(undefined);
            }}
            // Leaving the field empty says nothing yet: the meter appearing on blur pushed the buttons below
            // down between press and release, so a click on "Open a synced vault" missed (e2e/sync.spec).
            onBlur={() => passphrase !== '' && setTouched(true)}
          />
        </label>
        <button type="button" className="toggle" aria-pressed={shown} onClick={() => setShown(!shown)}>
          {t('gate.showPassphrase')}
        </button>
        {!exists && (
          <>
            {touched && <StrengthMeter passphrase={passphrase} label={t('gate.strength')} />}
            <label>
              {t('gate.repeat')}
              <input
                ref={repeatField}
                type={shown ? 'text' : 'password'}
                autoComplete="new-password"
                value={repeat}
                onChange={(e) => {
                  setRepeat(e.target.value);
                  setProblem(undefined);
                }}
                aria-invalid={mismatch}
              />
            </label>
            {mismatch && !problem && <p className="error">{t('gate.differ')}</p>}
          </>
        )}
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        {failure && (
          <p className="error" role="alert">
            {failure.message}
          </p>
        )}
        {waiting && (
          <p className="error" role="status">
            {t('gate.wait', { seconds: secondsLeft })}
          </p>
        )}
        <button type="submit" disabled={submit.isPending || waiting}>
          {exists ? t('gate.unlock') : t('gate.create')}
        </button>
        {!exists && (
          <button type="button" onClick={() => setCloning(true)}>
            {t('gate.openSynced')}
          </button>
        )}
      </form>
    </main>
  );
}
