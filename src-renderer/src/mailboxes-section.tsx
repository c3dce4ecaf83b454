import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { bridge, unwrap } from './bridge.js';

/** Settings → Mailboxes: connected accounts (names and status only), add SMTP, connect Gmail / Microsoft 365, remove. */
export function MailboxesSection() {
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
    <section aria-label="Mailboxes">
      <h3>Mailboxes</h3>
      {mailboxes.data?.length === 0 && (
        <p className="hint">No mailbox yet. Connect one to send documents from Lockleaf or the tray.</p>
      )}
      <ul className="mailboxes">
        {mailboxes.data?.map((m) => (
          <li key={m.id}>
            <span>
              {m.name} · {m.kind}
              {m.address ? ` · ${m.address}` : ''}
              {m.isDefault ? ' · default' : ''}
              {m.status !== 'ok' && <strong className="error"> · access revoked, reconnect</strong>}
            </span>
            <button onClick={() => remove.mutate(m.name)} aria-label={`Remove mailbox ${m.name}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <div className="inline">
        <button onClick={() => connect.mutate('gmail')} disabled={connect.isPending}>
          Connect Gmail
        </button>
        <button onClick={() => connect.mutate('microsoft')} disabled={connect.isPending}>
          Connect Microsoft 365
        </button>
      </div>
      <label className="check">
        <input type="checkbox" checked={largeMessages} onChange={(e) => setLargeMessages(e.target.checked)} />
        Microsoft 365: allow messages over 3 MB
      </label>
      {largeMessages && (
        <p className="hint">
          Microsoft only sends messages over 3 MB as drafts, so Lockleaf will ask for permission to read and write your
          mail (Mail.ReadWrite). It uses it only to build and send the drafts of your own messages. Without it, Lockleaf
          asks only to send mail.
        </p>
      )}
      {connect.isPending && (
        <p className="hint" role="status">
          Finish signing in in your browser…
        </p>
      )}
      {connect.isError && (
        <p className="error" role="alert">
          {connect.error.message}
        </p>
      )}
      <form className="metadata" aria-label="Add SMTP mailbox" onSubmit={onSubmit}>
        <h4>Add an SMTP mailbox</h4>
        <label>
          Name <input required {...field('name')} />
        </label>
        <label>
          Server <input required {...field('host')} placeholder="smtp.example.org" />
        </label>
        <label>
          Port <input required inputMode="numeric" pattern="[0-9]+" {...field('port')} />
        </label>
        <label>
          User name <input required autoComplete="username" {...field('user')} />
        </label>
        <label>
          Password <input required type="password" autoComplete="current-password" {...field('password')} />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={smtp.allowSelfSigned}
            onChange={(e) => setSmtp({ ...smtp, allowSelfSigned: e.target.checked })}
          />
          Accept a self-signed certificate (only for your own local server)
        </label>
        {smtp.allowSelfSigned && (
          <p className="error">
            Certificate checks will be off for this mailbox: anyone on the network path could read what you send.
          </p>
        )}
        {addSmtp.isError && (
          <p className="error" role="alert">
            {addSmtp.error.message}
          </p>
        )}
        <button type="submit" disabled={addSmtp.isPending}>
          {addSmtp.isPending ? 'Checking the server…' : 'Add mailbox'}
        </button>
      </form>
    </section>
  );
}
