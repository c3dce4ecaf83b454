import { describe, expect, it } from 'vitest';
import { FakeWindow } from './test-window.js';
import { WindowSlot } from './window-slot.js';

describe('window slot', () => {
  it('forgets a closed window and opens a new one when asked to show it or on activate', () => {
    const opened: FakeWindow[] = [];
    const slot = new WindowSlot(() => {
      const window = new FakeWindow();
      opened.push(window);
      return window;
    });
    const first = slot.ensure();
    expect(slot.ensure()).toBe(first);
    expect(slot.show()).toBe(first);
    expect(first.shown).toBe(1);

    first.close();
    expect(slot.current).toBeUndefined();
    // macOS: a dock click after the window was closed.
    const second = slot.ensure();
    expect(second).not.toBe(first);
    expect(opened).toHaveLength(2);
    expect(slot.current).toBe(second);

    second.close();
    // Tray "Open" after closing: a new window, and no call on the destroyed one.
    const third = slot.show();
    expect(opened).toEqual([first, second, third]);
    expect(slot.current).toBe(third);
  });
});
