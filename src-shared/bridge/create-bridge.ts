/**
 * Builds `window.lockleaf` from the channel table over any transport: Electron
 * IPC in the preload, a WebSocket in the Chromium test host. Frozen, one named
 * function per channel, no raw transport exposed.
 */
import type { LockleafBridge } from './contract.js';
import { channels, eventChannels, methodName, type EventChannel } from './channels.js';

export interface Transport {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  subscribe(event: EventChannel, listener: (payload: unknown) => void): () => void;
}

export function createBridge(transport: Transport): LockleafBridge {
  const api: Record<string, unknown> = {};
  for (const channel of channels) {
    api[methodName(channel)] = (payload?: unknown) => transport.invoke(channel, payload);
  }
  api.on = (event: EventChannel, listener: (payload: unknown) => void) => {
    if (!(eventChannels as readonly string[]).includes(event)) throw new Error(`Unknown event ${String(event)}`);
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    return transport.subscribe(event, listener);
  };
  return Object.freeze(api) as unknown as LockleafBridge;
}
