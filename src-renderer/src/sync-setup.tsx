import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge, unwrap } from './bridge.js';
import { BucketFields, bucketPayload, EMPTY_BUCKET } from './bucket-fields.js';

/** Settings → Sync before it is set up: the bucket, the passphrase (it wraps the bucket's keys), this device's name. */
export function SetUpForm({ onKit }: { onKit: (kitText: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [bucket, setBucket] = useState(EMPTY_BUCKET);
  const [passphrase, setPassphrase] = useState('');
  const [deviceName, setDeviceName] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(undefined);
    const name = deviceName.trim();
    const result = await bridge().syncSetUp({
      ...bucketPayload(bucket),
      passphrase,
      ...(name ? { deviceName: name } : {}),
    });
    setPending(false);
    // A refusal keeps what was typed, to correct it.
    if (!result.ok) return setError(result.error.message);
    setBucket(EMPTY_BUCKET);
    setPassphrase('');
    onKit(result.value.kitText);
    void client.invalidateQueries({ queryKey: ['sync'] });
  };
  return (
    <form className="metadata" aria-label={t('sync.setUp')} onSubmit={(e) => void onSubmit(e)}>
      <p className="hint">{t('sync.setUpIntro')}</p>
      <BucketFields value={bucket} onChange={setBucket} />
      <label>
        {t('sync.yourPassphrase')}
        <input
          required
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
        />
      </label>
      <label>
        {t('gate.deviceName')}
        <input value={deviceName} onChange={(e) => setDeviceName(e.target.value)} />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {pending && (
        <p className="hint" role="status">
          <progress aria-label={t('sync.settingUp')} /> {t('sync.settingUpText')}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {t('sync.setUp')}
      </button>
    </form>
  );
}

/** After the passphrase was changed on another device: the new one, which then opens this vault too. */
export function NewPassphraseForm() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [passphrase, setPassphrase] = useState('');
  const adopt = useMutation({
    mutationFn: () => unwrap(bridge().syncAdoptPassphrase({ passphrase })),
    onSuccess: (view) => {
      setPassphrase('');
      client.setQueryData(['sync'], view);
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    adopt.mutate();
  };
  return (
    <form className="metadata" aria-label={t('sync.fromOtherDevice')} onSubmit={onSubmit}>
      <label>
        {t('sync.newPassphrase')}
        <input
          required
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
        />
      </label>
      {adopt.isError && (
        <p className="error" role="alert">
          {adopt.error.message}
        </p>
      )}
      <button type="submit" disabled={adopt.isPending}>
        {t('sync.useNew')}
      </button>
    </form>
  );
}
