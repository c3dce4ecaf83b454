import { useEffect, useState, type FormEvent, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { DateField } from './date-field.js';
import { useTranslation } from 'react-i18next';
import type { AcceptInput, InboxItem, Scored } from '../../src-shared/classify.js';
import { acceptInputFor, mergedSuggestion } from '../../src-shared/classify/accept-input.js';
import type { Facets } from '../../src-shared/documents.js';

const fold = (s: string) => s.trim().toLocaleLowerCase();

/** The name the vault already has for this spelling ("coolblue" → "Coolblue"), so one correspondent stays one. */
function known(names: readonly string[], value: string): string | undefined {
  return names.find((n) => fold(n) === fold(value));
}

function Sure({ scored }: { scored: Scored | null | undefined }) {
  const { t } = useTranslation();
  if (!scored) return null;
  return <span className="confidence">{t('inbox.sure', { pct: Math.round(scored.confidence * 100) })}</span>;
}

function NewMark({ value, names }: { value: string; names: readonly string[] }) {
  const { t } = useTranslation();
  return value.trim() && !known(names, value) ? <span className="new-mark">{t('inbox.new')}</span> : null;
}

/** The form as the user left it, kept while they look at other documents. */
export interface InboxDraft {
  title: string;
  type: string;
  from: string;
  tags: string[];
  documentDate: string;
  amount: string;
  currency: string;
  dueDate: string;
  expiryDate: string;
}

function startOf(item: InboxItem): InboxDraft {
  const start = acceptInputFor(item);
  return {
    title: start.title,
    type: start.type ?? '',
    from: start.correspondent ?? '',
    tags: start.tags,
    documentDate: start.documentDate ?? '',
    amount: start.total ? String(start.total.value) : '',
    currency: start.total?.currency ?? '',
    dueDate: start.dueDate ?? '',
    expiryDate: start.expiryDate ?? '',
  };
}

export interface InboxFormProps {
  item: InboxItem;
  facets: Facets | undefined;
  busy: boolean;
  onAccept: (input: AcceptInput) => void;
  firstField: Ref<HTMLInputElement>;
  /** Dismiss and Suggest again, beside Accept. */
  actions: ReactNode;
  draft: InboxDraft | undefined;
  onDraft: (draft: InboxDraft) => void;
}

/** A pending document's suggestion as an editable form; it starts from what `lockleaf inbox accept` would write. */
export function InboxForm(props: InboxFormProps) {
  const { item, facets, busy, onAccept, firstField, actions, onDraft } = props;
  const { t } = useTranslation();
  const start = props.draft ?? startOf(item);
  const label = acceptInputFor(item).total?.label ?? null;
  const merged = mergedSuggestion(item);
  const names = {
    types: facets?.types.map((f) => f.name) ?? [],
    correspondents: facets?.correspondents.map((f) => f.name) ?? [],
    tags: facets?.tags.map((f) => f.name) ?? [],
  };
  const [title, setTitle] = useState(start.title);
  const [type, setType] = useState(start.type);
  const [from, setFrom] = useState(start.from);
  const [tags, setTags] = useState(start.tags);
  const [tag, setTag] = useState('');
  const [documentDate, setDocumentDate] = useState(start.documentDate);
  const [amount, setAmount] = useState(start.amount);
  const [currency, setCurrency] = useState(start.currency);
  const [dueDate, setDueDate] = useState(start.dueDate);
  const [expiryDate, setExpiryDate] = useState(start.expiryDate);
  useEffect(() => {
    onDraft({ title, type, from, tags, documentDate, amount, currency, dueDate, expiryDate });
  }, [onDraft, title, type, from, tags, documentDate, amount, currency, dueDate, expiryDate]);

  const addTag = () => {
    const name = tag.trim();
    if (name && !tags.some((x) => fold(x) === fold(name))) setTags([...tags, known(names.tags, name) ?? name]);
    setTag('');
  };
  const onTagKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter' || !tag.trim()) return;
    e.preventDefault();
    addTag();
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const value = amount.trim() === '' ? null : Number(amount);
    onAccept({
      id: item.id,
      title: title.trim(),
      type: type.trim() || null,
      correspondent: from.trim() || null,
      tags,
      // Only what the user took off here goes: a tag added elsewhere since this form was drawn stays.
      removeTags: item.current.tags.filter((x) => !tags.some((kept) => fold(kept) === fold(x))),
      documentDate: documentDate || null,
      total: value === null ? null : { value, currency: currency.trim().toUpperCase() || null, label },
      dueDate: dueDate || null,
      expiryDate: expiryDate || null,
    });
  };
  const proposed = new Set(merged?.tags.filter((x) => x.proposed).map((x) => fold(x.name)));
  const noCurrency = merged?.total && !merged.total.currency ? merged.total.value : undefined;
  return (
    <form className="metadata inbox-form" aria-label={t('inbox.suggestion')} onSubmit={onSubmit}>
      <datalist id="inbox-types">
        {names.types.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <datalist id="inbox-correspondents">
        {names.correspondents.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <datalist id="inbox-tags">
        {names.tags.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <label>
        {t('inbox.title')} <input ref={firstField} value={title} onChange={(e) => setTitle(e.target.value)} required />
      </label>
      <label>
        <span>
          {t('inbox.type')} <NewMark value={type} names={names.types} /> <Sure scored={merged?.type} />
        </span>
        <input
          list="inbox-types"
          value={type}
          onChange={(e) => setType(e.target.value)}
          onBlur={() => setType(known(names.types, type) ?? type)}
        />
      </label>
      <label>
        <span>
          {t('inbox.correspondent')} <NewMark value={from} names={names.correspondents} />{' '}
          <Sure scored={merged?.correspondent} />
        </span>
        <input
          list="inbox-correspondents"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          onBlur={() => setFrom(known(names.correspondents, from) ?? from)}
        />
      </label>
      {tags.length === 0 ? (
        <p className="hint">{t('inbox.noTags')}</p>
      ) : (
        <ul className="tags" aria-label={t('inbox.tagsToFile')}>
          {tags.map((name) => (
            <li key={name}>
              {name}
              {(proposed.has(fold(name)) || !known(names.tags, name)) && (
                <span className="new-mark">{t('inbox.new')}</span>
              )}
              <button
                type="button"
                aria-label={t('inbox.removeTag', { tag: name })}
                onClick={() => setTags(tags.filter((x) => x !== name))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="inline">
        <label>
          {t('inbox.addTag')}{' '}
          <input list="inbox-tags" value={tag} onChange={(e) => setTag(e.target.value)} onKeyDown={onTagKey} />
        </label>
        <button type="button" onClick={addTag}>
          {t('inbox.add')}
        </button>
      </div>
      <div className="field-grid">
        <DateField label={t('inbox.documentDate')} value={documentDate} onChange={setDocumentDate} />
        <DateField label={t('inbox.dueDate')} value={dueDate} onChange={setDueDate} />
        <label>
          {t('inbox.total')}
          <input type="number" step="0.01" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <label>
          {t('inbox.currency')}
          <input
            value={currency}
            maxLength={3}
            placeholder="EUR"
            onChange={(e) => setCurrency(e.target.value.toUpperCase())}
          />
        </label>
        <DateField label={t('inbox.expiryDate')} value={expiryDate} onChange={setExpiryDate} />
      </div>
      {noCurrency !== undefined && !amount && (
        <p className="hint">
          {t('inbox.noCurrency', { value: noCurrency })}{' '}
          <button type="button" onClick={() => setAmount(String(noCurrency))}>
            {t('inbox.use', { value: noCurrency })}
          </button>
        </p>
      )}
      <div className="inbox-actions">
        <button type="submit" disabled={busy}>
          {t('inbox.accept')}
        </button>
        {actions}
      </div>
    </form>
  );
}
