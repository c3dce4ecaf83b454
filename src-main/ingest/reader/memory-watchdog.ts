/**
 * Bounds the memory a file may cost. The reader's JavaScript heap has a V8
 * limit, but decoded pixels, canvases and libvips buffers live outside it, and
 * a worker thread shares the process's memory: so while the reader works, the
 * process's resident memory is read every few milliseconds, and past the limit
 * `onExceeded` ends the reader (which frees what it held).
 *
 * A poll cannot stop one allocation larger than the headroom between polls;
 * the pixel limit and the PDF render budget keep single allocations well
 * below the limit.
 */
export class MemoryWatchdog {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onExceeded: (limitBytes: number) => void,
    private readonly pollMs = 25,
  ) {}

  /** Starts watching (again, with this limit); a no-op limit change while running is fine. */
  start(limitBytes: number): void {
    this.stop();
    this.timer = setInterval(() => {
      if (process.memoryUsage.rss() <= limitBytes) return;
      this.stop();
      this.onExceeded(limitBytes);
    }, this.pollMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }
}

/**
 * The memory the process may reach while one file is read: its limit. A file may always add a
 * quarter of the limit, though, above where the process stood when the file was opened: where
 * other work (many OCR workers on a many-core machine) already holds nearly all of the limit,
 * files are still read, and what each may add is still bounded.
 */
export function fileCeiling(limitBytes: number, rssAtOpen: number): number {
  return Math.max(limitBytes, rssAtOpen + limitBytes / 4);
}
