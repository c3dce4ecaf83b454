/**
 * Session events reach the window, if there is one. They are emitted inside
 * the work that causes them (an outbox row changing state, an ingest job
 * finishing), so a listener that throws would break that work: with no live
 * window the event is dropped, and a failed send is logged, never thrown.
 */
import { eventChannels } from '../../src-shared/bridge/channels.js';
import type { Logger } from '../log/logger.js';
import type { AppSession } from '../ipc/app-session.js';
import type { ShellWindow } from './window-slot.js';

export function forwardSessionEvents(session: AppSession, target: () => ShellWindow | undefined, log: Logger): void {
  for (const channel of eventChannels) {
    session.on(channel, (payload: unknown) => {
      const window = target();
      if (!window || window.isDestroyed() || window.webContents.isDestroyed()) return;
      try {
        window.webContents.send(channel, payload);
      } catch (error) {
        // The payload is left out of the log: it may name documents.
        log.error({ channel, err: error }, 'could not forward an event to the window');
      }
    });
  }
}
