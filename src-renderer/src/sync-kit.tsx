import { useEffect, useRef, useState, type FormEvent } from 'react';
import { bridge } from './bridge.js';

/**
 * The emergency kit, at set-up or shown again: save it (main writes it where
 * the user chooses) or print it. Escape does not close it; "Done" does, and
 * only once the kit was saved, printed or the Secret Key written down (a kit
 * closed unkept is a vault no new device can open). The kit leaves the
 * window's memory with the dialog.
 */
export function KitDialog({ kitText, again, onClose }: { kitText: string; again?: boolean; onClose: () => void }) {
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
      <h3 id="kit-title">Your emergency kit</h3>
      <p>
        {again
          ? 'The same Secret Key as at set-up: a new kit does not replace the old one. '
          : 'Your Secret Key, made just now. '}
        Save or print the kit and keep it somewhere safe, apart from your passphrase. To open this vault on another
        device you need both; without the kit no new device can join.
      </p>
      <figure aria-label="Emergency kit">
        <pre>{kitText}</pre>
      </figure>
      {saved && (
        <p className="hint" role="status">
          Saved as {saved}.
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={writtenDown} onChange={(e) => setWrittenDown(e.target.checked)} />I have written
        down the Secret Key
      </label>
      {!kept && (
        <p className="hint" id="kit-done-hint">
          Save, print or write down the kit before closing it.
        </p>
      )}
      <div className="inline">
        <button onClick={() => void save()}>Save kit…</button>
        <button onClick={print}>Print…</button>
        <button type="submit" onClick={onClose} disabled={!kept} aria-describedby={kept ? undefined : 'kit-done-hint'}>
          Done, I have kept it
        </button>
      </div>
    </dialog>
  );
}

/** Settings → Sync, set up: the kit again, for the vault's passphrase (a lost kit must not mean no new device). */
export function ShowKitForm({ onKit }: { onKit: (kitText: string) => void }) {
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
  if (!open) return <button onClick={() => setOpen(true)}>Show emergency kit…</button>;
  return (
    <form className="metadata" aria-label="Show emergency kit" onSubmit={(e) => void onSubmit(e)}>
      <p className="hint">The kit holds the Secret Key; it is shown only for this vault&apos;s passphrase.</p>
      <label>
        Your passphrase
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
          <progress aria-label="Checking the passphrase" /> Checking the passphrase…
        </p>
      )}
      <div className="inline">
        <button type="submit" disabled={pending}>
          Show kit
        </button>
        <button type="button" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}
