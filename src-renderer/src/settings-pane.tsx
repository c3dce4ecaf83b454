import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { AiSection } from './ai-section.js';
import { bridge, unwrap } from './bridge.js';
import { DestroySection } from './destroy-section.js';
import { MailboxesSection } from './mailboxes-section.js';
import { PreferencesSection } from './preferences-section.js';
import { SyncSection } from './sync-section.js';
import { strength } from './passphrase-strength.js';
import { StrengthMeter } from './strength-meter.js';

/** Settings: preferences, export, sync, AI, mailboxes, changing the passphrase (only the key wrap changes; nothing is re-encrypted), and deleting the vault. */
export function SettingsPane({ onClose, syncFocus }: { onClose: () => void; syncFocus?: number }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const change = useMutation({ mutationFn: () => unwrap(bridge().vaultChangePassphrase({ current, next })) });
  const s = strength(next);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (s.score === 0 || next !== repeat) return;
    change.mutate();
  };
  return (
    <aside className="pane" aria-label="Settings">
      <div className="pane-head">
        <h2>Settings</h2>
        <button onClick={onClose} aria-label="Close settings">
          ×
        </button>
      </div>
      <PreferencesSection />
      <SyncSection focus={syncFocus} />
      <AiSection />
      <MailboxesSection />
      <form className="metadata" onSubmit={onSubmit} aria-label="Change passphrase">
        <h3>Change passphrase</h3>
        <label>
          Current passphrase{' '}
          <input
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
        <label>
          New passphrase{' '}
          <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
        </label>
        {next && <StrengthMeter passphrase={next} label="New passphrase strength" />}
        <label>
          Repeat new passphrase{' '}
          <input
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            aria-invalid={repeat !== '' && repeat !== next}
          />
        </label>
        {repeat !== '' && repeat !== next && <p className="error">The passphrases differ.</p>}
        {change.isError && (
          <p className="error" role="alert">
            {change.error.message}
          </p>
        )}
        {change.isSuccess && (
          <p className="hint" role="status">
            Passphrase changed.
          </p>
        )}
        <button type="submit" disabled={change.isPending}>
          Change passphrase
        </button>
      </form>
      <DestroySection />
    </aside>
  );
}
