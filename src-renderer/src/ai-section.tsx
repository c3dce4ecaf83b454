import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AiStatusView } from '../../src-shared/classify.js';
import { useFacets } from './facet-names.js';
import { bridge, unwrap } from './bridge.js';
import { useAiStatus } from './inbox-ai.js';

function EnableForm({ status, onView }: { status: AiStatusView; onView: (v: AiStatusView) => void }) {
  const { t } = useTranslation();
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
    <form className="metadata" aria-label={t('ai.enableLabel')} onSubmit={onSubmit}>
      <label>
        {t('ai.apiKey')}
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
        {t('ai.model')} <input value={model} onChange={(e) => setModel(e.target.value)} required />
      </label>
      {enable.isError && (
        <p className="error" role="alert">
          {enable.error.message}
        </p>
      )}
      <button type="submit" disabled={enable.isPending}>
        {t('ai.enable')}
      </button>
    </form>
  );
}

function SettingsForm({ status, onView }: { status: AiStatusView; onView: (v: AiStatusView) => void }) {
  const { t } = useTranslation();
  const facets = useFacets();
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
  const tags = [...new Set([...(facets.data?.tags.map((f) => f.name) ?? []), ...excluded])].sort();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="metadata" aria-label={t('ai.settingsLabel')} onSubmit={onSubmit}>
      <p role="status">
        {status.hasKey ? t('ai.onWithKey') : t('ai.on')}{' '}
        {status.queued > 0 ? t('ai.queued', { count: status.queued }) : t('ai.noneQueued')}
      </p>
      <label>
        {t('ai.model')} <input value={model} onChange={(e) => setModel(e.target.value)} required />
      </label>
      <label>
        {t('ai.budget')}
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
        <p className="hint">{t('ai.noTags')}</p>
      ) : (
        <label>
          {t('ai.excluded')}
          <select
            multiple
            size={Math.min(6, Math.max(3, tags.length))}
            value={excluded}
            onChange={(e) => setExcluded([...e.target.selectedOptions].map((o) => o.value))}
          >
            {tags.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('ai.patterns')}
        <textarea rows={3} spellCheck={false} value={patterns} onChange={(e) => setPatterns(e.target.value)} />
      </label>
      {save.isError && (
        <p className="error" role="alert">
          {save.error.message}
        </p>
      )}
      {save.isSuccess && (
        <p className="hint" role="status">
          {t('ai.saved')}
        </p>
      )}
      {disable.isError && (
        <p className="error" role="alert">
          {disable.error.message}
        </p>
      )}
      <div className="inline">
        <button type="submit" disabled={save.isPending}>
          {t('ai.save')}
        </button>
        <button type="button" className="danger" onClick={() => disable.mutate()} disabled={disable.isPending}>
          {t('ai.disable')}
        </button>
      </div>
    </form>
  );
}

/** Settings → AI: Claude is off until the user enables it with a key; what is sent, and the privacy controls. */
export function AiSection() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const status = useAiStatus();
  const onView = (v: AiStatusView) => client.setQueryData(['ai'], v);
  return (
    <section aria-labelledby="ai-title">
      <h3 id="ai-title">{t('ai.title')}</h3>
      <p className="hint">{t('ai.intro')}</p>
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
