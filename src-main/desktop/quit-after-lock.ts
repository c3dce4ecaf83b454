/**
 * Quitting locks first. Electron quits as soon as `before-quit` returns, so a
 * lock started there could be cut off half-way (keys in memory, the last
 * write not committed). The first quit is held (preventDefault), the vault
 * locked, then the quit asked for again; that second one goes through.
 */
export interface QuitEvent {
  preventDefault(): void;
}

export function quitAfterLock(
  lock: () => Promise<void>,
  quit: () => void,
  onError: (error: unknown) => void,
): (event: QuitEvent) => void {
  let state: 'running' | 'locking' | 'done' = 'running';
  return (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'locking') return;
    state = 'locking';
    void lock()
      .catch(onError)
      .finally(() => {
        state = 'done';
        quit();
      });
  };
}
