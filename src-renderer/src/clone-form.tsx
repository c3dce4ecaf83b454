import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge, unwrap } from './bridge.js';
import { BucketFields, bucketPayload, EMPTY_BUCKET } from './bucket-fields.js';

/**
 * "Open a synced vault" (first screen): this device joins a vault synced from
 * another one, with the bucket's details, the passphrase and the Secret Key
 * from the emergency kit. The library opens at once; its documents arrive
 * with the first round (the header shows its progress).
 */
export function CloneForm({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [bucket, setBucket] = useState(EMPTY_BUCKET);
  const [passphrase, setPassphrase] = useState('');
  const [secretKey, setSecretKey] = useState('');
  const [deviceName, setDeviceName] = useState('');
  const clone = useMutation({
    mutationFn: () => {
      const name = deviceName.trim();
      return unwrap(
        bridge().vaultClone({ ...bucketPayload(bucket), passphrase, secretKey, ...(name ? { deviceName: name } : {}) }),
      );
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['status'] }),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    clone.mutate();
  };
  return (
    <main className="center">
      <form className="card gate" onSubmit={onSubmit} aria-labelledby="clone-title">
        <h1 id="clone-title">{t('gate.openSynced')}</h1>
        <p>{t('gate.cloneIntro')}</p>
        <BucketFields value={bucket} onChange={setBucket} />
        <label>
          {t('gate.passphrase')}
          <input
            required
            type="password"
            autoComplete="current-password"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
          />
        </label>
        <label>
          {t('gate.secretKey')}
          <input
            required
            spellCheck={false}
            autoComplete="off"
            placeholder="LL1-XXXXX-XXXXX-…"
            value={secretKey}
            onChange={(e) => setSecretKey(e.target.value)}
          />
        </label>
        <label>
          {t('gate.deviceName')}
          <input value={deviceName} onChange={(e) => setDeviceName(e.target.value)} />
        </label>
        {clone.isPending && (
          <p className="hint" role="status">
            <progress aria-label={t('gate.cloneProgress')} /> {t('gate.cloneChecking')}
          </p>
        )}
        {clone.isError && (
          <p className="error" role="alert">
            {clone.error.message}
          </p>
        )}
        <button type="submit" disabled={clone.isPending}>
          {t('gate.cloneSubmit')}
        </button>
        <button type="button" onClick={onBack} disabled={clone.isPending}>
          {t('common.back')}
        </button>
      </form>
    </main>
  );
}
