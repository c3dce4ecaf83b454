import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { AiStatusView } from '../../src-shared/classify.js';
import { bridge, unwrap } from './bridge.js';
import { useAiStatus } from './inbox-ai.js';

function EnableForm({ status, onView }: { status: AiStatusView; onView: (v: AiStatusView) => void }) {
  // The key lives in this field only until it is sent; main seals it and answers only whether one is set.
  const [apiKey, setApiKey] = useState('');
  const [model, setModel] = useState(status.model);
  const enable = useMutation({
    mutationFn: () => unwrap(bridge().aiEnable({ apiKey: apiKey.trim(), model: model.trim() })),
    onSuccess: (v) => {
      setApiKey('');
      onView(v);
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    enable.mutate();
  };
  return (
    <form className="metadata" aria-label="Enable Claude" onSubmit={onSubmit}>
      <label>
        Anthropic API key
        <input
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={apiKey}
          required
          placeholder="sk-ant-…"
          onChange={(e) => setApiKey(e.target.value)}
        />
      </label>
      <label>
        Model <input value={model} onChange={(e) => setModel(e.target.value)} required />
      </label>
      {enable.isError && (
        <p className="error" role="alert">
          {enable.error.message}
        </p>
      )}
      <button type="submit" disabled={enable.isPending}>
        Enable Claude
      </button>
    </form>
  );
}

function SettingsForm({ status, onView }: { status: AiStatusView; onView: (v: AiStatusView) => void }) {
  const facets = useQuery({ queryKey: ['documents', 'facets'], queryFn: () => unwrap(bridge().documentsFacets()) });
  const [model, setModel] = useState(status.model);
  const [budget, setBudget] = useState(String(status.budgetChars));
  const [excluded, setExcluded] = useState(status.excludedTags);
  const [patterns, setPatterns] = useState(status.patterns.join('\n'));
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        bridge().aiSettings({
          model: model.trim(),
          budgetChars: Number(budget),
          excludedTags: excluded,
          patterns: patterns.split('\n').filter((p) => p.trim() !== ''),
        }),
      ),
    onSuccess: onView,
  });
  const disable = useMutation({
    mutationFn: () => unwrap(bridge().aiDisable()),
    onSuccess: onView,
  });
  // Tags no longer in use still show, so one set earlier can be taken out.
  const tags = [...new Set([...(facets.data?.tags.map((t) => t.name) ?? []), ...excluded])].sort();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="metadata" aria-label="Claude settings" onSubmit={onSubmit}>
      <p role="status">
        Claude is on{status.hasKey ? ' with your saved key' : ''}.{' '}
        {status.queued > 0 ? `${status.queued} requests wait to be sent.` : 'No requests waiting.'}
      </p>
      <label>
        Model <input value={model} onChange={(e) => setModel(e.target.value)} required />
      </label>
      <label>
        Characters of text sent at most
        <input
          type="number"
          min={500}
          max={100000}
          step={500}
          value={budget}
          onChange={(e) => setBudget(e.target.value)}
        />
      </label>
      {tags.length === 0 ? (
        <p className="hint">Tags whose documents are never sent can be chosen here once you have tags.</p>
      ) : (
        <label>
          Never send documents with these tags
          <select
            multiple
            size={Math.min(6, Math.max(3, tags.length))}
            value={excluded}
            onChange={(e) => setExcluded([...e.target.selectedOptions].map((o) => o.value))}
          >
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Also remove text matching these patterns (one regular expression a line)
        <textarea rows={3} spellCheck={false} value={patterns} onChange={(e) => setPatterns(e.target.value)} />
      </label>
      {save.isError && (
        <p className="error" role="alert">
          {save.error.message}
        </p>
      )}
      {save.isSuccess && (
        <p className="hint" role="status">
          Claude settings saved.
        </p>
      )}
      {disable.isError && (
        <p className="error" role="alert">
          {disable.error.message}
        </p>
      )}
      <div className="inline">
        <button type="submit" disabled={save.isPending}>
          Save AI settings
        </button>
        <button type="button" className="danger" onClick={() => disable.mutate()} disabled={disable.isPending}>
          Disable and forget key
        </button>
      </div>
    </form>
  );
}

/** Settings → AI: Claude is off until the user enables it with a key; what is sent, and the privacy controls. */
export function AiSection() {
  const client = useQueryClient();
  const status = useAiStatus();
  const onView = (v: AiStatusView) => client.setQueryData(['ai'], v);
  return (
    <section aria-labelledby="ai-title">
      <h3 id="ai-title">AI (Claude)</h3>
      <p className="hint">
        Off unless you turn it on. When you ask, Claude gets only the document’s text — its beginning and end up to the
        limit below, with account, card, ID and passport numbers, e-mail addresses and phone numbers removed — and your
        lists of types, correspondents and tags; never an image or a file. Its answer waits in the Inbox: nothing is
        filed until you accept it.
      </p>
      {status.isError && (
        <p className="error" role="alert">
          {status.error.message}
        </p>
      )}
      {status.data &&
        (status.data.enabled ? (
          <SettingsForm status={status.data} onView={onView} />
        ) : (
          <EnableForm status={status.data} onView={onView} />
        ))}
    </section>
  );
}
