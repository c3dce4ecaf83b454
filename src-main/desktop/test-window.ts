/** A stand-in for Electron's BrowserWindow that behaves like one once closed: sending to it throws. */
import { EventEmitter } from 'node:events';
import type { ShellWindow } from './window-slot.js';

export class FakeWindow extends EventEmitter implements ShellWindow {
  destroyed = false;
  shown = 0;
  readonly sent: [string, unknown][] = [];
  readonly webContents = {
    isDestroyed: () => this.destroyed,
    send: (channel: string, payload: unknown) => {
      // Electron's message for any call on a destroyed window or webContents.
      if (this.destroyed) throw new TypeError('Object has been destroyed');
      this.sent.push([channel, payload]);
    },
  };

  isDestroyed(): boolean {
    return this.destroyed;
  }

  show(): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    this.shown += 1;
  }

  /** The user closes the window: Electron destroys it, then emits `closed`. */
  close(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}
