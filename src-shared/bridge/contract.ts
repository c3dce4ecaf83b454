/**
 * The renderer's view of main: `window.lockleaf`, derived from the shared
 * tables of payloads (schemas.ts), results (results.ts) and events
 * (events.ts), which main's handlers and session are checked against.
 */
import type { Result } from '../errors.js';
import type { Channel, EventChannel } from './channels.js';
import type { SessionEvents } from './events.js';
import type { ChannelResult } from './results.js';
import type { ChannelInput } from './schemas.js';

type CamelChannel<C extends string> = C extends `${infer D}:${infer V}` ? `${D}${Capitalize<V>}` : never;

export type BridgeMethods = {
  [C in Channel as CamelChannel<C>]: (
    ...input: ChannelInput<C> extends void ? [] : [ChannelInput<C>]
  ) => Promise<Result<ChannelResult<C>>>;
};

export type EventPayload<E extends EventChannel> = SessionEvents[E][0];

export interface BridgeEvents {
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export type LockleafBridge = BridgeMethods & BridgeEvents;
