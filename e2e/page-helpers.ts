/** What several e2e specs do to the page: drop files on the window, and check it with axe. */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Drops files on the window's drop zone, as a drag from the file manager would. */
export async function dropFiles(page: Page, files: { name: string; type: string; bytes: Buffer }[]): Promise<void> {
  await page.evaluate(
    async (items) => {
      const transfer = new DataTransfer();
      for (const f of items)
        transfer.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
      const target = document.querySelector('.drop')!;
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    files.map((f) => ({ name: f.name, type: f.type, b64: f.bytes.toString('base64') })),
  );
}

/** No serious or critical axe violation on the page as it is now. */
export async function expectNoSeriousViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** A place in the sidebar ("All documents", "Inbox", "Due soon", "Trash"), whatever count it shows. */
export function place(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Places' }).getByRole('button', { name: new RegExp(`^${name}`) });
}
