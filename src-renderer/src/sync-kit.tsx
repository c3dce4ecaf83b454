import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge } from './bridge.js';

/**
 * The emergency kit, at set-up or shown again: save it (main writes it where
 * the user chooses) or print it. Escape does not close it; "Done" does, and
 * only once the kit was saved, printed or the Secret Key written down (a kit
 * closed unkept is a vault no new device can open). The kit leaves the
 * window's memory with the dialog.
 */
export function KitDialog({ kitText, again, onClose }: { kitText: string; again?: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [saved, setSaved] = useState<string | undefined>();
  const [printed, setPrinted] = useState(false);
  const [writtenDown, setWrittenDown] = useState(false);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const save = async () => {
    setError(undefined);
    const result = await bridge().syncSaveKit({ kitText });
    if (!result.ok) setError(result.error.message);
    else if (result.value.saved) setSaved(result.value.name);
  };
  const print = () => {
    window.print();
    // The print dialog cannot tell whether it printed; asking for it counts, as the checkbox does.
    setPrinted(true);
  };
  const kept = Boolean(saved) || printed || writtenDown;
  return (
    <dialog ref={ref} className="kit" aria-labelledby="kit-title" onCancel={(e) => e.preventDefault()}>
      <h3 id="kit-title">{t('sync.kitTitle')}</h3>
      <p>
        {again ? t('sync.kitAgain') : t('sync.kitNew')} {t('sync.kitKeep')}
      </p>
      <figure aria-label={t('sync.kit')}>
        <pre>{kitText}</pre>
      </figure>
      {saved && (
        <p className="hint" role="status">
          {t('sync.savedAs', { name: saved })}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={writtenDown} onChange={(e) => setWrittenDown(e.target.checked)} />
        {t('sync.writtenDown')}
      </label>
      {!kept && (
        <p className="hint" id="kit-done-hint">
          {t('sync.keepFirst')}
        </p>
      )}
      <div className="inline">
        <button onClick={() => void save()}>{t('sync.saveKit')}</button>
        <button onClick={print}>{t('sync.print')}</button>
        <button type="submit" onClick={onClose} disabled={!kept} aria-describedby={kept ? undefined : 'kit-done-hint'}>
          {t('sync.done')}
        </button>
      </div>
    </dialog>
  );
}

/** Settings → Sync, set up: the kit again, for the vault's passphrase (a lost kit must not mean no new device). */
export function ShowKitForm({ onKit }: { onKit: (kitText: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const close = () => {
    setOpen(false);
    setPassphrase('');
    setError(undefined);
  };
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(undefined);
    const result = await bridge().syncShowKit({ passphrase });
    setPending(false);
    if (!result.ok) return setError(result.error.message);
    close();
    onKit(result.value.kitText);
  };
  if (!open) return <button onClick={() => setOpen(true)}>{t('sync.showKit')}</button>;
  return (
    <form className="metadata" aria-label={t('sync.showKitForm')} onSubmit={(e) => void onSubmit(e)}>
      <p className="hint">{t('sync.showKitHint')}</p>
      <label>
        {t('sync.yourPassphrase')}
        <input
          required
          autoFocus
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {pending && (
        <p className="hint" role="status">
          <progress aria-label={t('sync.checkingPassphrase')} /> {t('sync.checkingPassphraseText')}
        </p>
      )}
      <div className="inline">
        <button type="submit" disabled={pending}>
          {t('sync.showKitSubmit')}
        </button>
        <button type="button" onClick={close}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
