import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_OCR_WORKERS, ocrLanguages, type AppSettings, type OcrLanguageCode } from '../../src-shared/settings.js';
import { bridge, unwrap } from './bridge.js';
import { useLocale } from './i18n/index.js';
import { LanguageSelect } from './i18n/language-select.js';

function PreferencesForm({ initial }: { initial: AppSettings }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [draft, setDraft] = useState(initial);
  const save = useMutation({
    mutationFn: () => unwrap(bridge().settingsUpdate(draft)),
    onSuccess: (s) => {
      client.setQueryData(['settings'], s);
      // "Due soon" reaches as far ahead as the reminder days say.
      void client.invalidateQueries({ queryKey: ['documents', 'due'] });
    },
  });
  const toggle = (lang: OcrLanguageCode, on: boolean) =>
    setDraft({
      ...draft,
      ocrLanguages: on
        ? ocrLanguages.filter((l) => l === lang || draft.ocrLanguages.includes(l))
        : draft.ocrLanguages.filter((l) => l !== lang),
    });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="metadata" aria-label={t('prefs.title')} onSubmit={onSubmit}>
      <h3>{t('prefs.title')}</h3>
      <label>
        {t('prefs.autoLock')}
        <input
          type="number"
          min={1}
          max={240}
          value={draft.autoLockMinutes}
          onChange={(e) => setDraft({ ...draft, autoLockMinutes: Number(e.target.value) })}
        />
      </label>
      <fieldset>
        <legend>{t('prefs.ocrLanguages')}</legend>
        {ocrLanguages.map((lang) => (
          <label key={lang} className="check">
            <input
              type="checkbox"
              checked={draft.ocrLanguages.includes(lang)}
              onChange={(e) => toggle(lang, e.target.checked)}
              disabled={draft.ocrLanguages.length === 1 && draft.ocrLanguages[0] === lang}
            />
            {t(`prefs.ocr.${lang}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('prefs.workers')}
        <select
          value={draft.ocrWorkers ?? 'auto'}
          onChange={(e) =>
            setDraft({ ...draft, ocrWorkers: e.target.value === 'auto' ? null : Number(e.target.value) })
          }
        >
          <option value="auto">{t('prefs.automatic')}</option>
          {Array.from({ length: MAX_OCR_WORKERS }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <p className="hint">{t('prefs.workersHint')}</p>
      <label>
        {t('prefs.trashDays')}
        <input
          type="number"
          min={1}
          max={3650}
          value={draft.trashRetentionDays}
          onChange={(e) => setDraft({ ...draft, trashRetentionDays: Number(e.target.value) })}
        />
      </label>
      <label>
        {t('prefs.reminderDays')}
        <input
          type="number"
          min={0}
          max={365}
          value={draft.reminderDays}
          onChange={(e) => setDraft({ ...draft, reminderDays: Number(e.target.value) })}
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.trayShowTitles}
          onChange={(e) => setDraft({ ...draft, trayShowTitles: e.target.checked })}
        />
        {t('prefs.trayTitles')}
      </label>
      <p className="hint">{t('prefs.trayHint')}</p>
      {save.isError && (
        <p className="error" role="alert">
          {save.error.message}
        </p>
      )}
      {save.isSuccess && (
        <p className="hint" role="status">
          {t('prefs.saved')}
        </p>
      )}
      <button type="submit" disabled={save.isPending}>
        {t('prefs.save')}
      </button>
    </form>
  );
}

function ExportForm() {
  const { t } = useTranslation();
  const locale = useLocale();
  const number = (n: number) => n.toLocaleString(locale);
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  useEffect(() => bridge().on('export:progress', setProgress), []);
  const run = useMutation({ mutationFn: () => unwrap(bridge().vaultExport()), onMutate: () => setProgress(undefined) });
  return (
    <section aria-label={t('prefs.exportLabel')}>
      <h3>{t('prefs.exportTitle')}</h3>
      <p className="hint">{t('prefs.exportHint')}</p>
      <button onClick={() => run.mutate()} disabled={run.isPending}>
        {t('prefs.exportButton')}
      </button>
      {run.isPending && progress && (
        <p role="status">
          <progress max={progress.total} value={progress.done} aria-label={t('prefs.exportProgress')} />{' '}
          {t('prefs.doneOf', { done: number(progress.done), total: number(progress.total) })}
        </p>
      )}
      {run.data?.exported && (
        <p className="hint" role="status">
          {t('prefs.exported', { count: run.data.documents, folder: run.data.folder })}
        </p>
      )}
      {run.isError && (
        <p className="error" role="alert">
          {run.error.message}
        </p>
      )}
    </section>
  );
}

/** The window's language: a device choice kept in the window (no Save: it applies at once). */
function LanguagePreference() {
  const { t } = useTranslation();
  return (
    <section className="metadata">
      <LanguageSelect />
      <p className="hint">{t('prefs.languageHint')}</p>
    </section>
  );
}

/** Settings → Preferences (language, auto-lock, OCR languages, trash, reminders, tray titles) and Export. */
export function PreferencesSection() {
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => unwrap(bridge().settingsGet()) });
  return (
    <>
      <LanguagePreference />
      {settings.data && <PreferencesForm initial={settings.data} />}
      {settings.isError && (
        <p className="error" role="alert">
          {settings.error.message}
        </p>
      )}
      <ExportForm />
    </>
  );
}
