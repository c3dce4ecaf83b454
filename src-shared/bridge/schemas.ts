/**
 * The bridge's channel table: every channel the renderer may call, named
 * `domain:verb`, with the zod schema its payload must satisfy. Main validates
 * every payload against it. The names live in channels.ts (no zod), which the
 * sandboxed preload and the Chromium test host build `window.lockleaf` from.
 */
import { z } from 'zod';
import { acceptSchema, aiSettingsSchema } from '../classify.js';
import { searchSorts } from '../documents.js';
import { appSettingsSchema } from '../settings.js';
import type { Channel } from './channels.js';

const id = z.string().min(1).max(100);
// No control characters: the search joins a document's tags with U+001F, so one inside a name split it in two.
const tag = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^\P{Cc}+$/u, 'A tag cannot contain control characters (tabs, line breaks).');
const passphrase = z.string().min(8).max(1024);
const scope = z.enum(['library', 'trash']).optional();

const mailboxName = z.string().trim().min(1).max(100);

/** A send from the window, the tray or the CLI; the same key twice is one message. */
export const sendRequestSchema = z
  .object({
    documentIds: z.array(id).min(1).max(20),
    to: z.array(z.email()).min(1).max(20),
    subject: z.string().max(500).optional(),
    body: z.string().max(20_000).optional(),
    mailbox: mailboxName.optional(),
    idempotencyKey: z.uuid().optional(),
  })
  .strict();

/**
 * A bucket, as the window asks for it: R2 by account id, or any S3 endpoint. The secret access key crosses
 * once, window to main, and is sealed there (like the passphrase and the Secret Key, never sent back).
 */
const remoteFields = {
  kind: z.enum(['r2', 's3']),
  accountId: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{32}$/, 'an R2 account id is 32 hexadecimal characters')
    .optional(),
  endpoint: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
  bucket: z.string().trim().min(3).max(63),
  region: z.string().trim().min(1).max(64).optional(),
  accessKeyId: z.string().trim().min(1).max(256),
  secretAccessKey: z.string().trim().min(1).max(1024),
  pathStyle: z.boolean().optional(),
  deviceName: z.string().trim().min(1).max(100).optional(),
  passphrase: z.string().min(1).max(1024),
};
const remoteNamed = (p: { kind: 'r2' | 's3'; accountId?: string | undefined; endpoint?: string | undefined }) =>
  p.kind === 'r2' ? Boolean(p.accountId) : Boolean(p.endpoint);
const remoteMessage = { message: 'R2 needs its account id; S3 needs its endpoint' };

export const channelSchemas = {
  'vault:status': z.void(),
  'vault:create': z.object({ passphrase }).strict(),
  'vault:unlock': z.object({ passphrase: z.string().min(1).max(1024) }).strict(),
  'vault:lock': z.void(),
  'vault:changePassphrase': z.object({ current: z.string().min(1).max(1024), next: passphrase }).strict(),
  'vault:export': z.void(),
  // The passphrase too, not only the phrase: an unlocked window left alone must not be enough to wipe everything.
  'vault:destroy': z.object({ passphrase: z.string().min(1).max(1024), confirmation: z.string().max(200) }).strict(),
  'settings:get': z.void(),
  'settings:update': appSettingsSchema.partial().strict(),
  'documents:list': z
    .object({
      scope,
      limit: z.number().int().min(1).max(10_000).optional(),
      offset: z.number().int().min(0).optional(),
    })
    .strict(),
  'documents:search': z
    .object({
      query: z.string().max(1000),
      scope,
      sort: z.enum(searchSorts).optional(),
      limit: z.number().int().min(1).max(500).optional(),
      offset: z.number().int().min(0).optional(),
    })
    .strict(),
  'documents:get': z.object({ id }).strict(),
  'documents:update': z
    .object({
      id,
      patch: z
        .object({
          title: z.string().trim().min(1).max(500).optional(),
          notes: z.string().max(100_000).optional(),
          createdAt: z.iso.datetime().optional(),
          type: z.string().trim().min(1).max(100).nullable().optional(),
          correspondent: z.string().trim().min(1).max(200).nullable().optional(),
        })
        .strict(),
    })
    .strict(),
  'documents:tag': z
    .object({
      ids: z.array(id).min(1).max(10_000),
      add: z.array(tag).max(50).default([]),
      remove: z.array(tag).max(50).default([]),
    })
    .strict(),
  'documents:trash': z.object({ ids: z.array(id).min(1).max(10_000) }).strict(),
  'documents:restore': z.object({ ids: z.array(id).min(1).max(10_000) }).strict(),
  'documents:thumbnail': z.object({ id }).strict(),
  'documents:updateMany': z
    .object({
      ids: z.array(id).min(1).max(10_000),
      patch: z
        .object({
          type: z.string().trim().min(1).max(100).nullable().optional(),
          correspondent: z.string().trim().min(1).max(200).nullable().optional(),
          createdAt: z.iso.datetime().optional(),
        })
        .strict(),
    })
    .strict(),
  'documents:facets': z.void(),
  'documents:count': z.object({ query: z.string().max(1000), scope }).strict(),
  // The checked documents, decrypted, into a new folder inside the one the user picks.
  'documents:exportSome': z.object({ ids: z.array(id).min(1).max(10_000) }).strict(),
  'views:list': z.void(),
  'views:save': z
    .object({ name: z.string().trim().min(1).max(100), query: z.string().max(1000), sort: z.enum(searchSorts) })
    .strict(),
  'views:remove': z.object({ name: z.string().trim().min(1).max(100) }).strict(),
  'documents:view': z.object({ id, archive: z.boolean().optional() }).strict(),
  'documents:history': z.object({ id }).strict(),
  'documents:download': z.object({ id }).strict(),
  'documents:pin': z.object({ ids: z.array(id).min(1).max(100), pinned: z.boolean() }).strict(),
  'trash:empty': z.void(),
  // Dropped files arrive as bytes: the page never names paths for main to read
  // (the shell may, for drops it handles itself).
  'ingest:upload': z.object({ name: z.string().min(1).max(255), data: z.base64().max(28_000_000) }).strict(),
  'ingest:jobs': z.void(),
  'ingest:cancel': z.object({ jobId: id }).strict(),
  'ingest:retry': z.object({ jobId: id }).strict(),
  // A protected PDF's password, for that job's next read only (never stored).
  'ingest:unlockPdf': z.object({ jobId: id, password: z.string().min(1).max(1024) }).strict(),
  'ingest:choose': z.void(),
  'mail:mailboxes': z.void(),
  'mail:recipients': z.void(),
  // The password crosses once, window to main, and is sealed there; nothing secret ever goes back.
  'mail:addSmtp': z
    .object({
      name: mailboxName,
      host: z.string().trim().min(1).max(255),
      port: z.number().int().min(1).max(65535),
      user: z.string().min(1).max(320),
      password: z.string().min(1).max(1024),
      security: z.enum(['tls', 'starttls']),
      allowSelfSigned: z.boolean(),
      address: z.email().optional(),
    })
    .strict(),
  'mail:connect': z
    .object({
      kind: z.enum(['gmail', 'microsoft']),
      name: mailboxName,
      address: z.email().optional(),
      largeMessages: z.boolean().optional(),
    })
    .strict()
    .refine((p) => !p.largeMessages || p.kind === 'microsoft', {
      message: 'large messages are a Microsoft 365 option',
    }),
  'mail:remove': z.object({ name: mailboxName }).strict(),
  'mail:send': sendRequestSchema,
  'mail:outbox': z.void(),
  'mail:retry': z.object({ id }).strict(),
  'sync:status': z.void(),
  'sync:setUp': z.object(remoteFields).strict().refine(remoteNamed, remoteMessage),
  'sync:now': z.void(),
  // Without force, refused (SYNC_PENDING) while edits made here have not reached the bucket.
  'sync:remove': z.object({ force: z.boolean().optional() }).strict(),
  // The emergency kit again, for a device set up already: only with the vault's passphrase (checked, throttled, in main).
  'sync:showKit': z.object({ passphrase: z.string().min(1).max(1024) }).strict(),
  // The kit the window was just given, back to main only to be written where the user chooses (a save dialog).
  'sync:saveKit': z.object({ kitText: z.string().max(20_000).startsWith('LOCKLEAF EMERGENCY KIT\n') }).strict(),
  // After SYNC_PASSPHRASE_CHANGED: the passphrase set on another device (it must open the bucket's keys).
  'sync:adoptPassphrase': z.object({ passphrase }).strict(),
  'vault:clone': z
    .object({ ...remoteFields, secretKey: z.string().trim().min(1).max(200) })
    .strict()
    .refine(remoteNamed, remoteMessage),
  'inbox:list': z.void(),
  'inbox:count': z.void(),
  'inbox:accept': acceptSchema,
  'inbox:dismiss': z.object({ ids: z.array(id).min(1).max(1000) }).strict(),
  // Suggest again (after filing more documents); a reviewed document comes back to the Inbox.
  'inbox:suggest': z.object({ id }).strict(),
  'due:list': z.object({ days: z.number().int().min(0).max(3650).optional() }).strict(),
  'ai:status': z.void(),
  // The Anthropic API key crosses once, window to main, and is sealed there; it is never sent back.
  'ai:enable': z
    .object({ apiKey: z.string().trim().min(10).max(500), model: z.string().trim().min(1).max(100).optional() })
    .strict(),
  // Off, and the key forgotten: a vault with Claude off holds no key to leak.
  'ai:disable': z.void(),
  'ai:settings': aiSettingsSchema,
  'ai:preview': z.object({ id }).strict(),
  // With the preview's SHA-256, main refuses to send anything but what the user saw.
  'ai:ask': z
    .object({
      id,
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .optional(),
    })
    .strict(),
  'documents:aiExclude': z.object({ ids: z.array(id).min(1).max(1000), excluded: z.boolean() }).strict(),
  // With the passphrase, the full rotation (root, database and audit keys too); without, data keys only.
  'vault:rotateKeys': z.object({ passphrase: z.string().min(1).max(1024).optional() }).strict(),
  'audit:verify': z.void(),
  'vault:stats': z.void(),
} as const satisfies Record<Channel, z.ZodType>;

export type { Channel, EventChannel } from './channels.js';
export { channels, eventChannels, methodName } from './channels.js';
export type ChannelInput<C extends Channel> = z.input<(typeof channelSchemas)[C]>;
export type ChannelPayload<C extends Channel> = z.output<(typeof channelSchemas)[C]>;
