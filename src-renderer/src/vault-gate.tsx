import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { bridge, unwrap } from './bridge.js';
import { CloneForm } from './clone-form.js';

/** A rough strength estimate for feedback only (length and variety of characters). */
export function strength(passphrase: string): { score: 0 | 1 | 2 | 3; label: string } {
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(passphrase)).length;
  const words = passphrase.trim().split(/\s+/).length;
  const bits = passphrase.length * Math.log2(10 + kinds * 16) * (words >= 4 ? 1.2 : 1);
  if (passphrase.length < 8) return { score: 0, label: 'Too short: at least 8 characters' };
  if (bits < 60) return { score: 1, label: 'Weak: add words or characters' };
  if (bits < 90) return { score: 2, label: 'Fair' };
  return { score: 3, label: 'Strong' };
}

export function VaultGate({ exists }: { exists: boolean }) {
  const client = useQueryClient();
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [cloning, setCloning] = useState(false);
  const submit = useMutation({
    mutationFn: () => unwrap(exists ? bridge().vaultUnlock({ passphrase }) : bridge().vaultCreate({ passphrase })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['status'] }),
  });
  const s = strength(passphrase);
  const mismatch = !exists && repeat !== '' && repeat !== passphrase;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!exists && (s.score === 0 || repeat !== passphrase)) return;
    submit.mutate();
  };
  if (cloning && !exists) return <CloneForm onBack={() => setCloning(false)} />;
  return (
    <main className="center">
      <form className="card gate" onSubmit={onSubmit} aria-labelledby="gate-title">
        <h1 id="gate-title">{exists ? 'Unlock Lockleaf' : 'Create your vault'}</h1>
        {!exists && (
          <p>
            Your documents are encrypted with this passphrase. Nobody — not even Lockleaf — can recover it if you forget
            it.
          </p>
        )}
        <label>
          Passphrase
          <input
            type="password"
            autoFocus
            autoComplete={exists ? 'current-password' : 'new-password'}
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
          />
        </label>
        {!exists && (
          <>
            <meter min={0} max={3} value={s.score} aria-label="Passphrase strength" />
            <p className="hint" aria-live="polite">
              {s.label}
            </p>
            <label>
              Repeat passphrase
              <input
                type="password"
                autoComplete="new-password"
                value={repeat}
                onChange={(e) => setRepeat(e.target.value)}
                aria-invalid={mismatch}
              />
            </label>
            {mismatch && <p className="error">The passphrases differ.</p>}
          </>
        )}
        {submit.isError && (
          <p className="error" role="alert">
            {submit.error.message}
          </p>
        )}
        <button type="submit" disabled={submit.isPending}>
          {exists ? 'Unlock' : 'Create vault'}
        </button>
        {!exists && (
          <button type="button" onClick={() => setCloning(true)}>
            Open a synced vault
          </button>
        )}
      </form>
    </main>
  );
}
