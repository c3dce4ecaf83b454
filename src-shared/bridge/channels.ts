/** The bridge's channel names (`domain:verb`); their payload schemas are in schemas.ts. */
export const channels = [
  'vault:status',
  'vault:create',
  'vault:unlock',
  'vault:lock',
  'vault:changePassphrase',
  'vault:export',
  'vault:destroy',
  'settings:get',
  'settings:update',
  'documents:list',
  'documents:search',
  'documents:get',
  'documents:update',
  'documents:tag',
  'documents:trash',
  'documents:restore',
  'documents:thumbnail',
  'documents:pin',
  'documents:view',
  'documents:download',
  'documents:updateMany',
  'documents:facets',
  'views:list',
  'views:save',
  'views:remove',
  'trash:empty',
  'ingest:upload',
  'ingest:jobs',
  'ingest:cancel',
  'ingest:retry',
  'mail:mailboxes',
  'mail:recipients',
  'mail:addSmtp',
  'mail:connect',
  'mail:remove',
  'mail:send',
  'mail:outbox',
  'mail:retry',
  'sync:status',
  'sync:setUp',
  'sync:now',
  'sync:remove',
  'sync:saveKit',
  'sync:showKit',
  'sync:adoptPassphrase',
  'vault:clone',
] as const;
export type Channel = (typeof channels)[number];

/** Events main pushes to the renderer (no payload carries a secret). */
export const eventChannels = [
  'documents:changed',
  'ingest:progress',
  'vault:locked',
  'vault:unlocked',
  'mail:changed',
  'documents:open',
  'export:progress',
  'sync:progress',
  'sync:status',
] as const;
export type EventChannel = (typeof eventChannels)[number];

/** `documents:search` → `documentsSearch`: the name of the bridge function. */
export function methodName(channel: string): string {
  return channel.replace(/[:-](\w)/g, (_, c: string) => c.toUpperCase());
}
