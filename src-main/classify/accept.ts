/**
 * Accepting a suggestion: the fields as the user left them in the Inbox's form are
 * written to the document in one transaction, and it leaves the Inbox. What
 * extraction found beyond the document's own fields (the total, due and expiry
 * dates) becomes custom fields, so it syncs and shows like any other.
 */
import { FIELD_DUE, FIELD_EXPIRY, FIELD_TOTAL, type AcceptInput } from '../../src-shared/classify.js';
import { LockleafError } from '../errors.js';
import type { ReadDb, WriteDb } from '../vault/db/connection.js';
import { addTags, findStored, removeTags, setCustomField, updateDocument } from '../vault/documents/documents-repo.js';
import type { VaultStore } from '../vault/vault-store.js';
import { markReviewed } from './inbox-repo.js';

async function seqOf(db: ReadDb, id: string): Promise<number> {
  const doc = await findStored(db, id);
  if (!doc) throw new LockleafError('DOCUMENT_NOT_FOUND', `No document with id ${id}.`);
  return doc.seq;
}

async function currentTags(tx: WriteDb, seq: number): Promise<string[]> {
  const rows = await tx.all<{ name: string }>(
    'SELECT t.name FROM document_tags x JOIN tags t ON t.id = x.tag_id WHERE x.document_seq = ?',
    [seq],
  );
  return rows.map((r) => r.name);
}

export function moneyValue(total: NonNullable<AcceptInput['total']>): string {
  if (!total.currency || !/^[A-Za-z]{3}$/.test(total.currency))
    throw new LockleafError(
      'INVALID_INPUT',
      'Say which currency the total is in, as a three-letter code (EUR, USD, GBP…), or leave the total out.',
    );
  return `${total.value.toFixed(2)} ${total.currency.toUpperCase()}`;
}

/**
 * Clearing a field the vault has never had must not create it (it would show on every document).
 * A field of the user's with the same name and another kind is left alone when there is nothing to
 * write, and named with what to do when there is.
 */
async function setOrClear(tx: WriteDb, seq: number, name: string, kind: 'date' | 'money', value: string | null) {
  const field = await tx.get<{ kind: string }>('SELECT kind FROM custom_fields WHERE name = ?', [name]);
  if (value === null && (!field || field.kind !== kind)) return;
  if (field && field.kind !== kind)
    throw new LockleafError(
      'INVALID_INPUT',
      `Your field "${name}" holds ${field.kind} values, so the suggested ${kind === 'money' ? 'amount' : 'date'} cannot go in it. ` +
        `Rename that field (or clear this value in the form) and accept again.`,
    );
  await setCustomField(tx, seq, name, kind, value);
}

export async function acceptSuggestion(store: VaultStore, input: AcceptInput): Promise<void> {
  const total = input.total ? moneyValue(input.total) : null;
  await store.db.write(async (tx) => {
    const seq = await seqOf(tx, input.id);
    await updateDocument(
      tx,
      seq,
      {
        title: input.title,
        type: input.type,
        correspondent: input.correspondent,
        ...(input.documentDate ? { createdAt: `${input.documentDate}T00:00:00.000Z` } : {}),
      },
      new Date().toISOString(),
    );
    const have = await currentTags(tx, seq);
    const fold = (s: string) => s.toLocaleLowerCase('en-US');
    const add = input.tags.filter((t) => !have.some((h) => fold(h) === fold(t)));
    const removing = new Set(input.removeTags.map(fold));
    const remove = have.filter((h) => removing.has(fold(h)) && !input.tags.some((t) => fold(t) === fold(h)));
    if (add.length) await addTags(tx, seq, add);
    if (remove.length) await removeTags(tx, seq, remove);
    await setOrClear(tx, seq, FIELD_DUE, 'date', input.dueDate);
    await setOrClear(tx, seq, FIELD_EXPIRY, 'date', input.expiryDate);
    await setOrClear(tx, seq, FIELD_TOTAL, 'money', total);
    await markReviewed(tx, seq);
  });
}

/** Dismissed: the document leaves the Inbox as it is. */
export async function dismissSuggestions(store: VaultStore, ids: readonly string[]): Promise<void> {
  await store.db.write(async (tx) => {
    for (const id of new Set(ids)) await markReviewed(tx, await seqOf(tx, id));
  });
}
