/**
 * The main-process side of the bridge: one handler per channel, each taking
 * the payload its schema produced and answering the result its entry in
 * src-shared/bridge/results.ts names (checked by `satisfies` below), the same
 * table the renderer's bridge is typed from, so the two cannot drift apart.
 */
import type { ChannelResult } from '../../src-shared/bridge/results.js';
import type { Channel, ChannelPayload } from '../../src-shared/bridge/schemas.js';
import { browserViewableTypes } from '../../src-shared/documents.js';
import { basename } from 'node:path';
import { DOC_PATH } from '../desktop/security.js';
import { emergencyKitAgain } from '../sync/engine/remove.js';
import { saveKit } from '../sync/sync-remote.js';
import { documentHistory } from '../vault/documents/history.js';
import type { AppSession } from './app-session.js';
import { addChosenFiles } from './add-chosen-files.js';
import { classifyHandlers } from './classify-handlers.js';
import { KeyOperations } from './key-operations.js';
import { securityHandlers } from './security-handlers.js';

export function createHandlers(session: AppSession) {
  const changed = (ids: string[]) => session.emit('documents:changed', { ids });
  const keys = new KeyOperations();
  const handlers = {
    'vault:status': async () => session.status(),
    'vault:create': async ({ passphrase }: ChannelPayload<'vault:create'>) => {
      await session.create(passphrase);
      return session.status();
    },
    'vault:unlock': async ({ passphrase }: ChannelPayload<'vault:unlock'>) => {
      await session.unlock(passphrase);
      return session.status();
    },
    'vault:lock': async () => {
      await session.lock('user');
      return session.status();
    },
    'vault:changePassphrase': async ({ current, next }: ChannelPayload<'vault:changePassphrase'>) => {
      // With sync set up, the bucket's keys are rewrapped too, so the other devices take the new passphrase.
      await keys.run('passphrase', () => session.sync.changePassphrase(current, next));
      return { changed: true };
    },
    'vault:export': async () => session.exportSome(),
    'vault:destroy': async ({ passphrase, confirmation }: ChannelPayload<'vault:destroy'>) =>
      keys.run('destroy', () => session.destroy(passphrase, confirmation)),
    'settings:get': async () => session.openSettings(),
    'settings:update': async (patch: ChannelPayload<'settings:update'>) => session.updateSettings(patch),
    'documents:list': async ({ scope, limit, offset }: ChannelPayload<'documents:list'>) =>
      session.vault.list({ scope, limit, offset }),
    'documents:search': async ({ query, ...options }: ChannelPayload<'documents:search'>) =>
      session.vault.search(query, options),
    'documents:get': async ({ id }: ChannelPayload<'documents:get'>) => session.vault.get(id),
    'documents:update': async ({ id, patch }: ChannelPayload<'documents:update'>) => {
      const doc = await session.vault.update(id, patch);
      changed([id]);
      return doc;
    },
    'documents:tag': async ({ ids, add, remove }: ChannelPayload<'documents:tag'>) => {
      await session.vault.retag(ids, add, remove);
      changed(ids);
      return { updated: ids.length };
    },
    'documents:trash': async ({ ids }: ChannelPayload<'documents:trash'>) => {
      await session.vault.trash(...ids);
      changed(ids);
      return { trashed: ids.length };
    },
    'documents:restore': async ({ ids }: ChannelPayload<'documents:restore'>) => {
      await session.vault.restore(...ids);
      changed(ids);
      return { restored: ids.length };
    },
    'documents:thumbnail': async ({ id }: ChannelPayload<'documents:thumbnail'>) => {
      const thumb = await session.vault.thumbnail(id);
      return thumb ? `data:${thumb.mime};base64,${thumb.data.toString('base64')}` : null;
    },
    'documents:updateMany': async ({ ids, patch }: ChannelPayload<'documents:updateMany'>) => {
      await session.vault.updateMany(ids, patch);
      changed(ids);
      return { updated: ids.length };
    },
    'documents:facets': async () => session.vault.facets(),
    'documents:count': async ({ query, scope }: ChannelPayload<'documents:count'>) =>
      session.vault.count(query, { scope }),
    'documents:exportSome': async ({ ids }: ChannelPayload<'documents:exportSome'>) => session.exportSome(ids),
    'views:list': async () => session.vault.views(),
    'views:save': async (view: ChannelPayload<'views:save'>) => session.vault.saveView(view),
    'views:remove': async ({ name }: ChannelPayload<'views:remove'>) => session.vault.removeView(name),
    'documents:view': async ({ id, archive }: ChannelPayload<'documents:view'>) => {
      const doc = await session.vault.get(id);
      // What a browser cannot draw itself (TIFF, HEIC) is shown as its searchable-PDF version.
      const useArchive = archive ?? (!browserViewableTypes.includes(doc.mime) && (await session.vault.hasArchive(id)));
      const token = session.viewTokens.issue(id, { archive: useArchive });
      return { url: `${DOC_PATH}${token}`, mime: useArchive ? 'application/pdf' : doc.mime };
    },
    'documents:history': async ({ id }: ChannelPayload<'documents:history'>) =>
      documentHistory(session.vault.store.db.read, id),
    'documents:download': async ({ id }: ChannelPayload<'documents:download'>) => {
      const doc = await session.vault.get(id);
      const path = await session.chooseSavePath(doc.originalName);
      if (!path) return { saved: false as const };
      // The user chose this place (and confirmed any overwrite): the one plaintext copy Lockleaf ever writes.
      await session.vault.saveContent(id, path, { overwrite: true });
      return { saved: true as const, name: basename(path) };
    },
    'documents:pin': async ({ ids, pinned }: ChannelPayload<'documents:pin'>) => {
      for (const id of ids) await session.vault.pin(id, pinned);
      changed(ids);
      return { updated: ids.length };
    },
    'trash:empty': async () => {
      const report = await session.vault.purge({ all: true });
      changed([]);
      return report;
    },
    'ingest:upload': async ({ name, data }: ChannelPayload<'ingest:upload'>) =>
      session.ingest.queue.enqueue({ bytes: Buffer.from(data, 'base64'), name }),
    'ingest:jobs': async () => session.ingest.queue.list(),
    'ingest:cancel': async ({ jobId }: ChannelPayload<'ingest:cancel'>) => session.ingest.queue.cancel(jobId),
    'ingest:retry': async ({ jobId }: ChannelPayload<'ingest:retry'>) => session.ingest.queue.retry(jobId),
    'ingest:unlockPdf': async ({ jobId, password }: ChannelPayload<'ingest:unlockPdf'>) =>
      session.ingest.queue.unlockPdf(jobId, password),
    'ingest:choose': async () => addChosenFiles(session),
    'mail:mailboxes': async () => session.mail.list(),
    'mail:recipients': async () => session.mail.recentRecipients(),
    'mail:addSmtp': async ({ address, ...input }: ChannelPayload<'mail:addSmtp'>) =>
      session.mail.addSmtp({ ...input, ...(address ? { address } : {}) }),
    'mail:connect': async ({ kind, name, address, largeMessages }: ChannelPayload<'mail:connect'>) =>
      session.mail.connectOAuth(kind, {
        name,
        ...(address ? { address } : {}),
        largeMessages: Boolean(largeMessages),
        openBrowser: session.openBrowser,
      }),
    'mail:remove': async ({ name }: ChannelPayload<'mail:remove'>) => session.mail.remove(name),
    'mail:send': async (request: ChannelPayload<'mail:send'>) => session.mail.send(request),
    'mail:outbox': async () => session.mail.outbox.list(),
    'mail:retry': async ({ id }: ChannelPayload<'mail:retry'>) => session.mail.outbox.retry(id),
    'sync:status': async () => session.sync.status(),
    // Answers the emergency kit (with the Secret Key) this once; the window offers to save or print it, keeps nothing.
    'sync:setUp': async (input: ChannelPayload<'sync:setUp'>) => session.sync.setUp(input),
    'sync:now': async () => session.sync.now(),
    'sync:remove': async ({ force }: ChannelPayload<'sync:remove'>) => session.sync.remove({ force: force === true }),
    // The kit (with the Secret Key) again, only for the vault's passphrase: a lost kit must not mean no new device, ever.
    'sync:showKit': async ({ passphrase }: ChannelPayload<'sync:showKit'>) =>
      emergencyKitAgain(session.vault.syncHost, passphrase),
    'sync:adoptPassphrase': async ({ passphrase }: ChannelPayload<'sync:adoptPassphrase'>) =>
      keys.run('passphrase', () => session.sync.adoptPassphrase(passphrase)),
    'sync:saveKit': async ({ kitText }: ChannelPayload<'sync:saveKit'>) => {
      const path = await session.chooseSavePath('Lockleaf emergency kit.txt', 'Save your emergency kit');
      if (!path) return { saved: false as const };
      await saveKit(path, kitText);
      return { saved: true as const, name: basename(path) };
    },
    'vault:clone': async (input: ChannelPayload<'vault:clone'>) => {
      await session.clone(input);
      return session.status();
    },
    ...classifyHandlers(session),
    ...securityHandlers(session, keys),
  } satisfies { [C in Channel]: (input: ChannelPayload<C>) => Promise<ChannelResult<C>> };
  return handlers;
}

export type Handlers = ReturnType<typeof createHandlers>;
