/**
 * The renderer's view of main: `window.lockleaf`, derived from the handlers'
 * own types (a type-only import: nothing of main reaches the renderer's code).
 */
import type { Handlers } from '../../src-main/ipc/handlers.js';
import type { Result } from '../errors.js';
import type { Channel, EventChannel } from './channels.js';
import type { ChannelInput } from './schemas.js';
import type { SessionEvents } from '../../src-main/ipc/app-session.js';

type CamelChannel<C extends string> = C extends `${infer D}:${infer V}` ? `${D}${Capitalize<V>}` : never;

export type BridgeMethods = {
  [C in Channel as CamelChannel<C>]: (...input: ChannelInput<C> extends void ? [] : [ChannelInput<C>]) => Promise<Result<Awaited<ReturnType<Handlers[C]>>>>;
};

export type EventPayload<E extends EventChannel> = SessionEvents[E][0];

export interface BridgeEvents {
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export type LockleafBridge = BridgeMethods & BridgeEvents;
