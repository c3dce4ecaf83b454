import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditCheck } from '../../src-shared/vault-info.js';
import { bridge, unwrap } from './bridge.js';
import { ChangePassphraseForm } from './change-passphrase-form.js';
import { useLocale } from './i18n/index.js';

/** Rotate keys, like `lockleaf rotate-key`: every document re-encrypted under a new key, with progress. */
function RotateKeys() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const [full, setFull] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  useEffect(() => bridge().on('keys:progress', setProgress), []);
  const rotate = useMutation({
    mutationFn: (withPassphrase: string | undefined) =>
      unwrap(bridge().vaultRotateKeys(withPassphrase === undefined ? {} : { passphrase: withPassphrase })),
    onMutate: () => setProgress(undefined),
    onSuccess: () => setPassphrase(''),
  });
  const n = (x: number) => new Intl.NumberFormat(locale).format(x);
  const onFull = (e: FormEvent) => {
    e.preventDefault();
    if (passphrase) rotate.mutate(passphrase);
  };
  return (
    <section aria-labelledby="rotate-title" className="security-block">
      <h3 id="rotate-title">{t('settings.rotate.title')}</h3>
      <p className="hint">{t('settings.rotate.hint')}</p>
      <div className="inline">
        <button onClick={() => rotate.mutate(undefined)} disabled={rotate.isPending}>
          {t('settings.rotate.run')}
        </button>
        <button type="button" aria-expanded={full} onClick={() => setFull(!full)} disabled={rotate.isPending}>
          {t('settings.rotate.fullToggle')}
        </button>
      </div>
      {full && (
        <form className="metadata" onSubmit={onFull} aria-label={t('settings.rotate.fullTitle')}>
          <p className="hint">{t('settings.rotate.fullHint')}</p>
          <label>
            {t('settings.rotate.passphrase')}
            <input
              type="password"
              autoComplete="current-password"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
            />
          </label>
          <button type="submit" disabled={rotate.isPending || !passphrase}>
            {t('settings.rotate.fullRun')}
          </button>
        </form>
      )}
      {rotate.isPending && (
        <p role="status">
          <progress max={progress?.total || 1} value={progress?.done ?? 0} aria-label={t('settings.rotate.progress')} />{' '}
          {progress ? t('settings.rotate.ofTotal', { done: n(progress.done), total: n(progress.total) }) : null}
        </p>
      )}
      {rotate.isSuccess && (
        <p className="hint" role="status">
          {t(rotate.data.full ? 'settings.rotate.doneFull' : 'settings.rotate.done', {
            count: rotate.data.reencrypted,
            n: n(rotate.data.reencrypted),
            version: n(rotate.data.version),
          })}
        </p>
      )}
      {rotate.isError && (
        <p className="error" role="alert">
          {rotate.error.message}
        </p>
      )}
    </section>
  );
}

function AuditVerdict({ check }: { check: AuditCheck }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const n = (x: number) => new Intl.NumberFormat(locale).format(x);
  return (
    <div role="status">
      {check.ok ? (
        <p className="audit-ok">
          {t('settings.audit.intact', { count: check.entries, n: n(check.entries) })}
          {check.pruned ? ` ${t('settings.audit.pruned', { count: check.pruned, n: n(check.pruned) })}` : null}
        </p>
      ) : (
        <p className="error">{t('settings.audit.broken', { at: n(check.brokenAt), reason: check.reason })}</p>
      )}
      {check.others.map((o) => (
        <p key={o.name} className={o.missingFrom === undefined ? 'hint' : 'error'}>
          {o.missingFrom === undefined
            ? t('settings.audit.other', { name: o.name, count: o.entries, n: n(o.entries) })
            : t('settings.audit.otherMissing', { name: o.name, from: n(o.missingFrom) })}
        </p>
      ))}
    </div>
  );
}

/** Check the audit log, like `lockleaf audit verify`: no entry altered or removed. */
function AuditCheckBlock() {
  const { t } = useTranslation();
  const check = useMutation({ mutationFn: () => unwrap(bridge().auditVerify()) });
  return (
    <section aria-labelledby="audit-title" className="security-block">
      <h3 id="audit-title">{t('settings.audit.title')}</h3>
      <p className="hint">{t('settings.audit.hint')}</p>
      <button onClick={() => check.mutate()} disabled={check.isPending}>
        {t('settings.audit.run')}
      </button>
      {check.isSuccess && <AuditVerdict check={check.data} />}
      {check.isError && (
        <p className="error" role="alert">
          {check.error.message}
        </p>
      )}
    </section>
  );
}

/** Lock now; auto-lock minutes are kept with the other preferences (General), named here too. */
function LockBlock({ onGeneral }: { onGeneral: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => unwrap(bridge().settingsGet()) });
  const lock = useMutation({
    mutationFn: () => unwrap(bridge().vaultLock()),
    onSuccess: () => client.invalidateQueries({ queryKey: ['status'] }),
  });
  return (
    <section aria-labelledby="lock-title" className="security-block">
      <h3 id="lock-title">{t('settings.lock.title')}</h3>
      {settings.data && (
        <p className="hint">
          {t('settings.lock.auto', { count: settings.data.autoLockMinutes })}{' '}
          <button type="button" className="link" onClick={onGeneral}>
            {t('settings.lock.change')}
          </button>
        </p>
      )}
      <button onClick={() => lock.mutate()} disabled={lock.isPending}>
        {t('settings.lock.now')}
      </button>
    </section>
  );
}

/** Settings → Security: the CLI's passwd, rotate-key and audit verify, and locking. */
export function SecuritySection({ onGeneral }: { onGeneral: () => void }) {
  return (
    <>
      <ChangePassphraseForm />
      <RotateKeys />
      <AuditCheckBlock />
      <LockBlock onGeneral={onGeneral} />
    </>
  );
}
