/**
 * The preload: the renderer's only way to main. Exposes a frozen
 * `window.lockleaf` built from the shared channel table; `ipcRenderer`
 * itself never reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createBridge } from '../src-shared/bridge/create-bridge.js';

const bridge = createBridge({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  subscribe: (event, listener) => {
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, handler);
    return () => ipcRenderer.off(event, handler);
  },
});

contextBridge.exposeInMainWorld('lockleaf', bridge);
