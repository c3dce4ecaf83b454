import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxItem } from '../../src-shared/classify.js';
import { bridge, unwrap } from './bridge.js';
import { useLocale } from './i18n/index.js';

/** Settings → AI as the window knows it; a vault without the AI channels counts as AI off. */
export function useAiStatus() {
  return useQuery({ queryKey: ['ai'], queryFn: () => unwrap(bridge().aiStatus()) });
}

/** The preview of exactly what would be sent, with Send and Cancel. */
function PreviewDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const client = useQueryClient();
  const preview = useQuery({
    queryKey: ['documents', 'inbox', 'preview', id],
    queryFn: () => unwrap(bridge().aiPreview({ id })),
    staleTime: 0,
    gcTime: 0,
  });
  const ask = useMutation({
    // Bound to the preview shown: main refuses (AI_PREVIEW_CHANGED) if anything else would go out.
    mutationFn: () => unwrap(bridge().aiAsk({ id, ...(preview.data ? { sha256: preview.data.sha256 } : {}) })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['documents', 'inbox'] });
      void client.invalidateQueries({ queryKey: ['ai'] });
    },
  });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const done = ask.data;
  return (
    <section
      role="dialog"
      aria-labelledby="ai-preview-title"
      className="ai-preview"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <h3 id="ai-preview-title" ref={heading} tabIndex={-1}>
        {t('inbox.previewTitle')}
      </h3>
      {preview.isPending && <p aria-busy="true">{t('inbox.preparing')}</p>}
      {preview.isError && (
        <p className="error" role="alert">
          {preview.error.message}
        </p>
      )}
      {preview.data && (
        <>
          <p className="hint">
            {t('inbox.previewFacts', { chars: preview.data.chars.toLocaleString(locale), model: preview.data.model })}
          </p>
          <pre className="page-text" tabIndex={0} aria-label={t('inbox.textToSend')}>
            {preview.data.text}
          </pre>
          <details>
            <summary>{t('inbox.instructions')}</summary>
            <pre className="page-text">{preview.data.system}</pre>
            <p className="hint">{t('inbox.sha', { sha: preview.data.sha256 })}</p>
          </details>
        </>
      )}
      {ask.isError && (
        <p className="error" role="alert">
          {ask.error.message}
        </p>
      )}
      {done?.status === 'queued' && <p role="status">{t('inbox.queued', { reason: done.reason })}</p>}
      {done?.status === 'suggested' && <p role="status">{t('inbox.suggested')}</p>}
      <div className="inline">
        {!done && (
          <button
            type="button"
            className="primary"
            onClick={() => ask.mutate()}
            disabled={!preview.data || ask.isPending}
          >
            {t('inbox.send')}
          </button>
        )}
        <button type="button" onClick={onClose}>
          {done ? t('common.close') : t('common.cancel')}
        </button>
      </div>
    </section>
  );
}

/** "Never send to AI", and Ask Claude… (preview first) when AI is on. */
export function InboxAi({
  item,
  asking,
  onAsking,
}: {
  item: InboxItem;
  asking: boolean;
  onAsking: (on: boolean) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const ai = useAiStatus();
  // Shown ticked at once (a checkbox that waits for main looks broken); main's answer, or its refusal, settles it.
  const [excluded, setExcluded] = useState(item.aiExcluded);
  useEffect(() => setExcluded(item.aiExcluded), [item.aiExcluded]);
  const exclude = useMutation({
    mutationFn: (value: boolean) => unwrap(bridge().documentsAiExclude({ ids: [item.id], excluded: value })),
    onMutate: setExcluded,
    onError: () => setExcluded(item.aiExcluded),
    onSuccess: () => client.invalidateQueries({ queryKey: ['documents', 'inbox'] }),
  });
  const enabled = ai.data?.enabled === true;
  return (
    <div className="inbox-ai">
      {item.aiQueued && <p className="hint">{t('inbox.askedWaiting')}</p>}
      <label className="check">
        <input
          type="checkbox"
          checked={excluded}
          disabled={exclude.isPending}
          onChange={(e) => exclude.mutate(e.target.checked)}
        />
        {t('inbox.neverAi')}
      </label>
      {exclude.isError && (
        <p className="error" role="alert">
          {exclude.error.message}
        </p>
      )}
      {enabled && !asking && (
        // Before its reading ends a document has no text yet (and no on-device suggestion): nothing worth sending.
        <button type="button" onClick={() => onAsking(true)} disabled={excluded || !item.suggestion}>
          {t('inbox.askClaude')}
        </button>
      )}
      {enabled && !item.suggestion && <p className="hint">{t('inbox.askOnceRead')}</p>}
      {enabled && asking && <PreviewDialog id={item.id} onClose={() => onAsking(false)} />}
    </div>
  );
}
