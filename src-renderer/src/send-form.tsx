import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentDetail } from '../../src-shared/documents.js';
import { defaultSubjectAndBody } from '../../src-shared/mail.js';
import { bridge, unwrap } from './bridge.js';

/** Compose: recipients (recent ones offered), mailbox, subject and text prefilled from the document. */
export function SendForm({ doc, onDone }: { doc: DocumentDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const mailboxes = useQuery({ queryKey: ['mail', 'mailboxes'], queryFn: () => unwrap(bridge().mailMailboxes()) });
  const recipients = useQuery({ queryKey: ['mail', 'recipients'], queryFn: () => unwrap(bridge().mailRecipients()) });
  const [to, setTo] = useState('');
  const [mailbox, setMailbox] = useState('');
  const [defaults] = useState(() => defaultSubjectAndBody([doc.title]));
  const [subject, setSubject] = useState(defaults.subject);
  const [body, setBody] = useState(defaults.body);
  // One key per compose: pressing Send twice, or a retried call, is still one message.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const send = useMutation({
    mutationFn: () =>
      unwrap(
        bridge().mailSend({
          documentIds: [doc.id],
          to: to
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean),
          subject,
          body,
          idempotencyKey,
          ...(mailbox ? { mailbox } : {}),
        }),
      ),
  });
  const outbox = useQuery({
    queryKey: ['mail', 'outbox'],
    queryFn: () => unwrap(bridge().mailOutbox()),
    enabled: send.isSuccess,
  });
  const item = send.data && (outbox.data?.find((i) => i.id === send.data.id) ?? send.data);

  if (mailboxes.data && mailboxes.data.length === 0) {
    return (
      <p className="hint" role="status">
        {t('mail.connectFirst')}
      </p>
    );
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!send.isPending && !send.isSuccess) send.mutate();
  };
  return (
    <form className="metadata" aria-label={t('mail.sendLabel')} onSubmit={onSubmit}>
      <h3>{t('mail.sendTitle', { title: doc.title })}</h3>
      <label>
        {t('mail.to')}{' '}
        <input
          type="email"
          multiple
          required
          list="recent-recipients"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          placeholder="name@example.org"
        />
      </label>
      <datalist id="recent-recipients">
        {recipients.data?.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      <label>
        {t('mail.from')}
        <select value={mailbox} onChange={(e) => setMailbox(e.target.value)}>
          {mailboxes.data?.map((m) => (
            <option key={m.id} value={m.isDefault ? '' : m.name} disabled={m.status !== 'ok'}>
              {m.name} ({m.kind}){m.status !== 'ok' ? t('mail.reconnect') : ''}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('mail.subject')} <input value={subject} onChange={(e) => setSubject(e.target.value)} />
      </label>
      <label>
        {t('mail.message')} <textarea rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
      </label>
      {send.isError && (
        <p className="error" role="alert">
          {send.error.message}
        </p>
      )}
      {item && (
        <p className={item.state === 'failed' ? 'error' : 'hint'} role="status">
          {item.state === 'sent'
            ? t('mail.sent', { to: item.to.join(', ') })
            : item.state === 'failed'
              ? t('mail.notSent', { reason: item.error?.message })
              : item.error
                ? t('mail.waiting', { reason: item.error.message })
                : t('mail.sending')}
        </p>
      )}
      <div className="inline">
        <button type="submit" disabled={send.isPending || send.isSuccess}>
          {t('mail.send')}
        </button>
        <button type="button" onClick={onDone}>
          {send.isSuccess ? t('common.close') : t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
