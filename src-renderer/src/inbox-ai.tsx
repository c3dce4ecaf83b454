import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { InboxItem } from '../../src-shared/classify.js';
import { bridge, unwrap } from './bridge.js';

/** Settings → AI as the window knows it; a vault without the AI channels counts as AI off. */
export function useAiStatus() {
  return useQuery({ queryKey: ['ai'], queryFn: () => unwrap(bridge().aiStatus()) });
}

/** The preview of exactly what would be sent, with Send and Cancel. */
function PreviewDialog({ id, onClose }: { id: string; onClose: () => void }) {
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
        What Claude will be sent
      </h3>
      {preview.isPending && <p aria-busy="true">Preparing the text…</p>}
      {preview.isError && (
        <p className="error" role="alert">
          {preview.error.message}
        </p>
      )}
      {preview.data && (
        <>
          <p className="hint">
            {preview.data.chars.toLocaleString()} characters in all, the instructions and this text after redaction, to{' '}
            {preview.data.model}. No image or file.
          </p>
          <pre className="page-text" tabIndex={0} aria-label="Text to be sent">
            {preview.data.text}
          </pre>
          <details>
            <summary>The instructions sent with it</summary>
            <pre className="page-text">{preview.data.system}</pre>
            <p className="hint">SHA-256 of all of it, as the audit log will record: {preview.data.sha256}</p>
          </details>
        </>
      )}
      {ask.isError && (
        <p className="error" role="alert">
          {ask.error.message}
        </p>
      )}
      {done?.status === 'queued' && (
        <p role="status">Queued: {done.reason}. It is sent when it can be, and the suggestion then appears here.</p>
      )}
      {done?.status === 'suggested' && <p role="status">Claude’s suggestion is in the form.</p>}
      <div className="inline">
        {!done && (
          <button
            type="button"
            className="primary"
            onClick={() => ask.mutate()}
            disabled={!preview.data || ask.isPending}
          >
            Send
          </button>
        )}
        <button type="button" onClick={onClose}>
          {done ? 'Close' : 'Cancel'}
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
      {item.aiQueued && <p className="hint">Asked Claude; waiting to be sent (offline or rate-limited).</p>}
      <label className="check">
        <input
          type="checkbox"
          checked={excluded}
          disabled={exclude.isPending}
          onChange={(e) => exclude.mutate(e.target.checked)}
        />
        Never send to AI
      </label>
      {exclude.isError && (
        <p className="error" role="alert">
          {exclude.error.message}
        </p>
      )}
      {enabled && !asking && (
        // Before its reading ends a document has no text yet (and no on-device suggestion): nothing worth sending.
        <button type="button" onClick={() => onAsking(true)} disabled={excluded || !item.suggestion}>
          Ask Claude…
        </button>
      )}
      {enabled && !item.suggestion && <p className="hint">Claude can be asked once the document has been read.</p>}
      {enabled && asking && <PreviewDialog id={item.id} onClose={() => onAsking(false)} />}
    </div>
  );
}
