/** The bridge's Inbox and "Due soon" channels (issue 14); spread into handlers.ts's table. */
import type { ChannelPayload } from '../../src-shared/bridge/schemas.js';
import type { AiStatusView } from '../../src-shared/classify.js';
import { askClaude } from '../ai/ask-claude.js';
import { previewAiRequest } from '../ai/prepare.js';
import { disableAi, enableAi, readAiConfig, setAiExcluded, updateAiSettings, type AiStatus } from '../ai/ai-config.js';
import { listReminders, localToday } from '../classify/reminders.js';
import { LockleafError } from '../errors.js';
import type { AppSession } from './app-session.js';

/** The window sees whether a key is set, never the key. */
function view(status: AiStatus): AiStatusView {
  return {
    enabled: status.enabled,
    hasKey: status.hasKey,
    model: status.settings.model,
    budgetChars: status.settings.budgetChars,
    excludedTags: status.settings.excludedTags,
    patterns: status.settings.patterns,
    queued: status.queued,
  };
}

export function classifyHandlers(session: AppSession) {
  const changed = (ids: string[]) => session.emit('documents:changed', { ids });
  const inboxChanged = () => session.inbox.classify.emit('changed');
  return {
    'inbox:list': async () => session.inbox.classify.list(),
    'inbox:count': async () => ({ count: await session.inbox.classify.count() }),
    'inbox:accept': async (input: ChannelPayload<'inbox:accept'>) => {
      await session.inbox.classify.accept(input);
      changed([input.id]);
      return { accepted: true as const };
    },
    'inbox:dismiss': async ({ ids }: ChannelPayload<'inbox:dismiss'>) => {
      await session.inbox.classify.dismiss(ids);
      return { dismissed: ids.length };
    },
    'inbox:suggest': async ({ id }: ChannelPayload<'inbox:suggest'>) => {
      await session.inbox.classify.suggest(id, { reopen: true });
      const item = await session.inbox.classify.item(id);
      if (!item) throw new LockleafError('DOCUMENT_NOT_FOUND', `No document with id ${id}.`);
      return item;
    },
    'due:list': async ({ days }: ChannelPayload<'due:list'>) =>
      listReminders(session.vault.store.db.read, {
        today: localToday(),
        days: days ?? session.openSettings().reminderDays,
      }),
    'ai:status': async () => view(await readAiConfig(session.vault)),
    'ai:enable': async ({ apiKey, model }: ChannelPayload<'ai:enable'>) =>
      view(await enableAi(session.vault, apiKey, model ? { model } : {})),
    'ai:disable': async () => view(await disableAi(session.vault)),
    'ai:settings': async (patch: ChannelPayload<'ai:settings'>) => {
      const { excludedTags, ...rest } = patch;
      const current = await readAiConfig(session.vault);
      // The list replaces the old one; names compare without case, as the exclusion itself does
      // (a case-sensitive compare here once dropped "Medical" when it was retyped "medical").
      const fold = (t: string) => t.trim().toLocaleLowerCase();
      const keep = new Set((excludedTags ?? []).map(fold));
      const drop = excludedTags ? current.settings.excludedTags.filter((t) => !keep.has(fold(t))) : [];
      return view(
        await updateAiSettings(session.vault, {
          ...rest,
          ...(excludedTags ? { excludeTags: excludedTags, includeTags: drop } : {}),
        }),
      );
    },
    'ai:preview': async ({ id }: ChannelPayload<'ai:preview'>) => previewAiRequest(session.vault, id),
    'ai:ask': async ({ id, sha256 }: ChannelPayload<'ai:ask'>) => {
      const result = await askClaude(session.vault, id, sha256 ? { expectSha256: sha256 } : {});
      inboxChanged();
      return result;
    },
    'documents:aiExclude': async ({ ids, excluded }: ChannelPayload<'documents:aiExclude'>) => {
      await setAiExcluded(session.vault, ids, excluded);
      changed(ids);
      inboxChanged();
      return { updated: ids.length };
    },
  };
}
