/**
 * Test host only (never shipped): `window.lockleaf` over a WebSocket, built
 * from the same channel table and the same createBridge as the preload.
 */
import { createBridge } from '../../src-shared/bridge/create-bridge.js';

const socket = new WebSocket(`ws://${location.host}/bridge`);
const opened = new Promise<void>((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
const listeners = new Map<string, Set<(payload: unknown) => void>>();
let nextId = 1;

socket.addEventListener('message', (message) => {
  const data = JSON.parse(String(message.data)) as {
    id?: number;
    result?: unknown;
    bug?: string;
    event?: string;
    payload?: unknown;
  };
  if (data.event) {
    for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
    return;
  }
  const waiter = pending.get(data.id!);
  pending.delete(data.id!);
  if (data.bug) waiter?.reject(new Error(data.bug));
  else waiter?.resolve(data.result);
});

window.lockleaf = createBridge({
  async invoke(channel, payload) {
    await opened;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, channel, payload }));
    });
  },
  subscribe(event, listener) {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  },
});

declare global {
  interface Window {
    lockleaf: ReturnType<typeof createBridge>;
  }
}
