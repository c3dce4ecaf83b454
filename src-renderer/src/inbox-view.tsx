import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AcceptInput, InboxItem } from '../../src-shared/classify.js';
import { acceptInputFor } from '../../src-shared/classify/accept-input.js';
import { useFacets } from './facet-names.js';
import { bridge, unwrap } from './bridge.js';
import { useLocale } from './i18n/index.js';
import { InboxAi } from './inbox-ai.js';
import { InboxForm, type InboxDraft } from './inbox-form.js';

const INBOX = ['documents', 'inbox'] as const;

/** The pending count for the header's badge, kept fresh by main's `inbox:changed` (and `documents:changed`). */
export function useInboxCount(): number | undefined {
  const client = useQueryClient();
  const count = useQuery({ queryKey: [...INBOX, 'count'], queryFn: () => unwrap(bridge().inboxCount()) });
  useEffect(
    () =>
      bridge().on('inbox:changed', ({ count: n }) => {
        client.setQueryData([...INBOX, 'count'], { count: n });
        void client.invalidateQueries({ queryKey: [...INBOX, 'list'] });
      }),
    [client],
  );
  return count.data?.count;
}

/** Keys typed into a field, a list box or a dialog are theirs, not the Inbox's shortcuts. */
function ownKeys(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  if (!el || e.ctrlKey || e.metaKey || e.altKey) return true;
  if (['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.isContentEditable) return true;
  if (el.closest('[role="dialog"]')) return true;
  // Enter on a button presses that button.
  return e.key === 'Enter' && ['BUTTON', 'A', 'SUMMARY'].includes(el.tagName);
}

/** A suggestion's identity: the form starts again when main sends a new one (Suggest again, Claude's answer). */
const revision = (item: InboxItem) => `${item.id}:${JSON.stringify([item.suggestion, item.aiSuggestion])}`;

/**
 * The Inbox: pending documents oldest first, the selected one's suggestion to accept, edit or dismiss.
 * `side` (Settings) takes the review pane's place, and its keys with it.
 */
export function InboxView({ side }: { side?: ReactNode }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const client = useQueryClient();
  const list = useQuery({ queryKey: [...INBOX, 'list'], queryFn: () => unwrap(bridge().inboxList()) });
  const facets = useFacets();
  const items = list.data ?? [];
  const [selected, setSelected] = useState<string | undefined>();
  const [asking, setAsking] = useState(false);
  const [confirmAll, setConfirmAll] = useState(false);
  const listRef = useRef<HTMLUListElement>(null);
  const firstField = useRef<HTMLInputElement>(null);
  // Edits survive a look at another document; a new suggestion (another revision) starts afresh.
  const drafts = useRef(new Map<string, InboxDraft>());
  const index = Math.max(
    0,
    items.findIndex((i) => i.id === selected),
  );
  const current = items[index];
  const currentRevision = current ? revision(current) : '';
  const onDraft = useCallback(
    (d: InboxDraft) => {
      drafts.current.set(currentRevision, d);
    },
    [currentRevision],
  );
  const select = (id: string | undefined) => {
    setSelected(id);
    setAsking(false);
  };
  // After an accept or dismiss, the next document (or the one before, at the end).
  const leave = (id: string) => {
    const at = items.findIndex((i) => i.id === id);
    const rest = items.filter((i) => i.id !== id);
    select(rest[Math.min(Math.max(at, 0), rest.length - 1)]?.id);
    client.setQueryData([...INBOX, 'list'], rest);
    void client.invalidateQueries({ queryKey: INBOX });
    listRef.current?.focus();
  };
  const accept = useMutation({
    mutationFn: (input: AcceptInput) => unwrap(bridge().inboxAccept(input)).then(() => input.id),
    onSuccess: leave,
  });
  const dismiss = useMutation({
    mutationFn: (id: string) => unwrap(bridge().inboxDismiss({ ids: [id] })).then(() => id),
    onSuccess: leave,
  });
  const again = useMutation({
    mutationFn: (id: string) => unwrap(bridge().inboxSuggest({ id })),
    onSuccess: () => client.invalidateQueries({ queryKey: INBOX }),
  });
  const acceptAll = useMutation({
    // One by one, each as `lockleaf inbox accept` would: a failure stops there and names the document.
    mutationFn: async (all: InboxItem[]) => {
      for (const item of all)
        await unwrap(bridge().inboxAccept(acceptInputFor(item))).catch((error: Error) => {
          throw new Error(`${item.title}: ${error.message}`);
        });
    },
    onSettled: () => {
      setConfirmAll(false);
      void client.invalidateQueries({ queryKey: INBOX });
      void client.invalidateQueries({ queryKey: ['documents'] });
    },
  });
  const busy = accept.isPending || dismiss.isPending || acceptAll.isPending;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (side || ownKeys(e) || !current) return;
      const move = e.key === 'ArrowDown' || e.key === 'j' ? 1 : e.key === 'ArrowUp' || e.key === 'k' ? -1 : 0;
      if (move) {
        e.preventDefault();
        select(items[Math.min(items.length - 1, Math.max(0, index + move))]?.id);
        listRef.current?.focus();
      } else if ((e.key === 'Enter' || e.key === 'a') && !busy) {
        e.preventDefault();
        // The form holds the user's edits: accepting submits it.
        document.querySelector<HTMLFormElement>('form.inbox-form')?.requestSubmit();
      } else if (e.key === 'd' && !busy) {
        e.preventDefault();
        dismiss.mutate(current.id);
      } else if (e.key === 'e') {
        e.preventDefault();
        firstField.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const error = accept.error ?? dismiss.error ?? again.error ?? acceptAll.error;
  return (
    <div className="columns">
      <section aria-label={t('inbox.label')} className="list">
        {list.isError && (
          <p role="alert" className="error">
            {list.error.message}
          </p>
        )}
        {list.isSuccess && items.length === 0 && (
          <div className="empty">
            <h2>{t('inbox.emptyTitle')}</h2>
            <p>{t('inbox.emptyText')}</p>
          </div>
        )}
        {items.length > 0 && (
          <div className="inline inbox-tools">
            <p className="hint">{t('inbox.toReview', { count: items.length })}</p>
            {confirmAll ? (
              <>
                <button className="primary" onClick={() => acceptAll.mutate(items)} disabled={busy}>
                  {t('inbox.acceptAllN', { count: items.length })}
                </button>
                <button onClick={() => setConfirmAll(false)}>{t('common.cancel')}</button>
              </>
            ) : (
              <button onClick={() => setConfirmAll(true)}>{t('inbox.acceptAll')}</button>
            )}
          </div>
        )}
        <ul ref={listRef} role="listbox" aria-label={t('inbox.listLabel')} tabIndex={0} className="scroller inbox-list">
          {items.map((item) => (
            <li
              key={item.id}
              role="option"
              aria-selected={item.id === current?.id}
              onClick={() => {
                select(item.id);
                listRef.current?.focus();
              }}
            >
              <span className="title">{item.title}</span>
              <span className="snippet">
                {t('inbox.added', {
                  name: item.originalName,
                  date: new Date(item.addedAt).toLocaleDateString(locale, { dateStyle: 'medium' }),
                })}
                {item.aiQueued ? t('inbox.waitingClaude') : ''}
              </span>
            </li>
          ))}
        </ul>
      </section>
      {side ??
        (current ? (
          <aside className="pane" aria-label={t('inbox.review', { title: current.title })}>
            <div className="pane-head">
              <h2>{current.title}</h2>
            </div>
            <p className="meta">
              {current.originalName} · {current.mime}
              {!current.suggestion && !current.aiSuggestion && t('inbox.noSuggestion')}
            </p>
            {current.aiSuggestion?.summary && (
              <p className="ai-summary">
                <span className="hint">{t('inbox.claude')}</span> {current.aiSuggestion.summary}
              </p>
            )}
            <InboxForm
              key={currentRevision}
              draft={drafts.current.get(currentRevision)}
              onDraft={onDraft}
              item={current}
              facets={facets.data}
              busy={busy}
              onAccept={(input) => accept.mutate(input)}
              firstField={firstField}
              actions={
                <>
                  <button type="button" onClick={() => dismiss.mutate(current.id)} disabled={busy}>
                    {t('inbox.dismiss')}
                  </button>
                  <button type="button" onClick={() => again.mutate(current.id)} disabled={again.isPending}>
                    {t('inbox.suggestAgain')}
                  </button>
                </>
              }
            />
            {error && (
              <p className="error" role="alert">
                {error.message}
              </p>
            )}
            <InboxAi key={current.id} item={current} asking={asking} onAsking={setAsking} />
          </aside>
        ) : (
          <aside className="pane" aria-label={t('inbox.helpLabel')}>
            <p className="hint">{t('inbox.help')}</p>
          </aside>
        ))}
    </div>
  );
}
