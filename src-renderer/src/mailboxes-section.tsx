import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge, unwrap } from './bridge.js';

/** Settings → Mailboxes: connected accounts (names and status only), add SMTP, connect Gmail / Microsoft 365, remove. */
export function MailboxesSection() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['mail'] });
  const mailboxes = useQuery({ queryKey: ['mail', 'mailboxes'], queryFn: () => unwrap(bridge().mailMailboxes()) });
  const remove = useMutation({
    mutationFn: (name: string) => unwrap(bridge().mailRemove({ name })),
    onSuccess: refresh,
  });
  const [largeMessages, setLargeMessages] = useState(false);
  const connect = useMutation({
    mutationFn: (kind: 'gmail' | 'microsoft') =>
      unwrap(
        bridge().mailConnect({
          kind,
          name: kind === 'gmail' ? 'Gmail' : 'Microsoft 365',
          ...(kind === 'microsoft' && largeMessages ? { largeMessages } : {}),
        }),
      ),
    onSuccess: refresh,
  });
  const [smtp, setSmtp] = useState({ name: '', host: '', port: '587', user: '', password: '', allowSelfSigned: false });
  const addSmtp = useMutation({
    mutationFn: () =>
      unwrap(
        bridge().mailAddSmtp({
          name: smtp.name,
          host: smtp.host,
          port: Number(smtp.port),
          user: smtp.user,
          password: smtp.password,
          security: smtp.port === '465' ? 'tls' : 'starttls',
          allowSelfSigned: smtp.allowSelfSigned,
        }),
      ),
    onSuccess: () => {
      setSmtp({ name: '', host: '', port: '587', user: '', password: '', allowSelfSigned: false });
      void refresh();
    },
  });
  const field = (key: 'name' | 'host' | 'port' | 'user' | 'password') => ({
    value: smtp[key],
    onChange: (e: { target: { value: string } }) => setSmtp({ ...smtp, [key]: e.target.value }),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    addSmtp.mutate();
  };
  return (
    <section aria-label={t('mail.title')}>
      <h3>{t('mail.title')}</h3>
      {mailboxes.data?.length === 0 && <p className="hint">{t('mail.none')}</p>}
      <ul className="mailboxes">
        {mailboxes.data?.map((m) => (
          <li key={m.id}>
            <span>
              {m.name} · {m.kind}
              {m.address ? ` · ${m.address}` : ''}
              {m.isDefault ? t('mail.isDefault') : ''}
              {m.status !== 'ok' && <strong className="error">{t('mail.revoked')}</strong>}
            </span>
            <button onClick={() => remove.mutate(m.name)} aria-label={t('mail.removeMailbox', { name: m.name })}>
              {t('mail.remove')}
            </button>
          </li>
        ))}
      </ul>
      <div className="inline">
        <button onClick={() => connect.mutate('gmail')} disabled={connect.isPending}>
          {t('mail.gmail')}
        </button>
        <button onClick={() => connect.mutate('microsoft')} disabled={connect.isPending}>
          {t('mail.microsoft')}
        </button>
      </div>
      <label className="check">
        <input type="checkbox" checked={largeMessages} onChange={(e) => setLargeMessages(e.target.checked)} />
        {t('mail.large')}
      </label>
      {largeMessages && <p className="hint">{t('mail.largeHint')}</p>}
      {connect.isPending && (
        <p className="hint" role="status">
          {t('mail.signingIn')}
        </p>
      )}
      {connect.isError && (
        <p className="error" role="alert">
          {connect.error.message}
        </p>
      )}
      <form className="metadata" aria-label={t('mail.addSmtpLabel')} onSubmit={onSubmit}>
        <h4>{t('mail.addSmtp')}</h4>
        <label>
          {t('mail.name')} <input required {...field('name')} />
        </label>
        <label>
          {t('mail.server')} <input required {...field('host')} placeholder="smtp.example.org" />
        </label>
        <label>
          {t('mail.port')} <input required inputMode="numeric" pattern="[0-9]+" {...field('port')} />
        </label>
        <label>
          {t('mail.user')} <input required autoComplete="username" {...field('user')} />
        </label>
        <label>
          {t('mail.password')} <input required type="password" autoComplete="current-password" {...field('password')} />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={smtp.allowSelfSigned}
            onChange={(e) => setSmtp({ ...smtp, allowSelfSigned: e.target.checked })}
          />
          {t('mail.selfSigned')}
        </label>
        {smtp.allowSelfSigned && <p className="error">{t('mail.selfSignedWarning')}</p>}
        {addSmtp.isError && (
          <p className="error" role="alert">
            {addSmtp.error.message}
          </p>
        )}
        <button type="submit" disabled={addSmtp.isPending}>
          {addSmtp.isPending ? t('mail.checking') : t('mail.add')}
        </button>
      </form>
    </section>
  );
}
