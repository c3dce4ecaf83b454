/**
 * The one app window, held honestly: the reference is dropped when the window
 * closes (on macOS the app lives on without a window), so nothing calls into a
 * destroyed window, and asking to show it opens a fresh one. Plain code, so a
 * Node test drives it with a fake window.
 */

/** The part of Electron's BrowserWindow the shell relies on. */
export interface ShellWindow {
  isDestroyed(): boolean;
  show(): void;
  once(event: 'closed', listener: () => void): unknown;
  readonly webContents: { isDestroyed(): boolean; send(channel: string, ...args: unknown[]): void };
}

export class WindowSlot<W extends ShellWindow> {
  private held: W | undefined;

  /** `open` creates a window that shows itself once loaded. */
  constructor(private readonly open: () => W) {}

  /** The live window, or undefined once it has been closed. */
  get current(): W | undefined {
    const window = this.held;
    return window && !window.isDestroyed() ? window : undefined;
  }

  /** Tray "Open", a second instance, a file dropped on the tray: bring the window back, opening a new one if it was closed. */
  show(): W {
    const live = this.current;
    if (!live) return this.openNew();
    live.show();
    return live;
  }

  /** macOS `activate` (a dock click): a window if there is none, without raising one that exists. */
  ensure(): W {
    return this.current ?? this.openNew();
  }

  private openNew(): W {
    const window = this.open();
    this.held = window;
    window.once('closed', () => {
      if (this.held === window) this.held = undefined;
    });
    return window;
  }
}
