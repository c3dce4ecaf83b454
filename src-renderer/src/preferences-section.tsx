import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { MAX_OCR_WORKERS, ocrLanguages, type AppSettings, type OcrLanguageCode } from '../../src-shared/settings.js';
import { bridge, unwrap } from './bridge.js';

const LANGUAGE_NAMES: Record<OcrLanguageCode, string> = { eng: 'English', deu: 'German', fra: 'French' };

function PreferencesForm({ initial }: { initial: AppSettings }) {
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
    <form className="metadata" aria-label="Preferences" onSubmit={onSubmit}>
      <h3>Preferences</h3>
      <label>
        Lock after this many idle minutes
        <input
          type="number"
          min={1}
          max={240}
          value={draft.autoLockMinutes}
          onChange={(e) => setDraft({ ...draft, autoLockMinutes: Number(e.target.value) })}
        />
      </label>
      <fieldset>
        <legend>Languages to read (OCR)</legend>
        {ocrLanguages.map((lang) => (
          <label key={lang} className="check">
            <input
              type="checkbox"
              checked={draft.ocrLanguages.includes(lang)}
              onChange={(e) => toggle(lang, e.target.checked)}
              disabled={draft.ocrLanguages.length === 1 && draft.ocrLanguages[0] === lang}
            />
            {LANGUAGE_NAMES[lang]}
          </label>
        ))}
      </fieldset>
      <label>
        Pages read at the same time (OCR workers)
        <select
          value={draft.ocrWorkers ?? 'auto'}
          onChange={(e) =>
            setDraft({ ...draft, ocrWorkers: e.target.value === 'auto' ? null : Number(e.target.value) })
          }
        >
          <option value="auto">Automatic</option>
          {Array.from({ length: MAX_OCR_WORKERS }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <p className="hint">
        Each worker uses about 190 MB of memory. Automatic runs one per processor core, as many as free memory allows.
      </p>
      <label>
        Keep trashed documents for this many days
        <input
          type="number"
          min={1}
          max={3650}
          value={draft.trashRetentionDays}
          onChange={(e) => setDraft({ ...draft, trashRetentionDays: Number(e.target.value) })}
        />
      </label>
      <label>
        Remind me of due and expiry dates this many days ahead
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
        Show document titles in the tray menu
      </label>
      <p className="hint">
        The tray menu is drawn by the system, where other apps can read it while the vault is open. Without titles it
        lists “Document 1”, “Document 2”…
      </p>
      {save.isError && (
        <p className="error" role="alert">
          {save.error.message}
        </p>
      )}
      {save.isSuccess && (
        <p className="hint" role="status">
          Preferences saved.
        </p>
      )}
      <button type="submit" disabled={save.isPending}>
        Save preferences
      </button>
    </form>
  );
}

function ExportForm() {
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  useEffect(() => bridge().on('export:progress', setProgress), []);
  const run = useMutation({ mutationFn: () => unwrap(bridge().vaultExport()), onMutate: () => setProgress(undefined) });
  return (
    <section aria-label="Export">
      <h3>Export all data</h3>
      <p className="hint">
        Every document, decrypted, with its text, tags and details in manifest.json. Keep the copy somewhere safe: it is
        not encrypted.
      </p>
      <button onClick={() => run.mutate()} disabled={run.isPending}>
        Export all data…
      </button>
      {run.isPending && progress && (
        <p role="status">
          <progress max={progress.total} value={progress.done} aria-label="Export progress" /> {progress.done} of{' '}
          {progress.total}
        </p>
      )}
      {run.data?.exported && (
        <p className="hint" role="status">
          Exported {run.data.documents} documents to {run.data.folder}.
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

/** Settings → Preferences (auto-lock, OCR languages, trash, reminders, tray titles) and Export. */
export function PreferencesSection() {
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => unwrap(bridge().settingsGet()) });
  return (
    <>
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
