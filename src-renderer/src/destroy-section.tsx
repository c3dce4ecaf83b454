import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DESTROY_PHRASE } from '../../src-shared/destroy.js';
import { bridge, unwrap } from './bridge.js';

/**
 * Settings → Delete this vault for good. The typed phrase guards against a
 * stray click, the passphrase against someone at a window left unlocked.
 * Once deleted, main locks the window, which then offers to create a vault.
 */
export function DestroySection() {
  const { t } = useTranslation();
  const [phrase, setPhrase] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const destroy = useMutation({
    mutationFn: () => unwrap(bridge().vaultDestroy({ passphrase, confirmation: phrase })),
  });
  const typed = phrase.trim().toLowerCase() === DESTROY_PHRASE;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (typed && passphrase) destroy.mutate();
  };
  return (
    <form className="metadata" onSubmit={onSubmit} aria-label={t('destroy.title')}>
      <h3>{t('destroy.title')}</h3>
      <p className="hint">{t('destroy.hint')}</p>
      <label>
        {t('destroy.typeToConfirm', { phrase: DESTROY_PHRASE })}{' '}
        <input value={phrase} onChange={(e) => setPhrase(e.target.value)} autoComplete="off" spellCheck={false} />
      </label>
      <label>
        {t('gate.passphrase')}{' '}
        <input
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
        />
      </label>
      {destroy.isError && (
        <p className="error" role="alert">
          {destroy.error.message}
        </p>
      )}
      <button type="submit" className="danger" disabled={!typed || !passphrase || destroy.isPending}>
        {t('destroy.title')}
      </button>
    </form>
  );
}
