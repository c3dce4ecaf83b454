import { randomBytes } from 'node:crypto';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHUNK_SIZE, HEADER_BYTES } from '../crypto/blob-stream.js';
import { tempVault } from './test-support.js';

let t: Awaited<ReturnType<typeof tempVault>>;
beforeEach(async () => {
  t = await tempVault();
});
afterEach(() => t.cleanup());

async function blobPath(id: string): Promise<string> {
  const row = await t.vault.context.db.read.get<{ blob_name: string }>('SELECT blob_name FROM documents WHERE id = ?', [
    id,
  ]);
  return t.vault.context.blobs.pathOf(row!.blob_name);
}

describe('tampered blobs are refused with a clear error', () => {
  it('a flipped byte', async () => {
    const { id } = await t.vault.add({ bytes: randomBytes(200_000), name: 'scan.bin' });
    const path = await blobPath(id);
    const bytes = await readFile(path);
    bytes[HEADER_BYTES + CHUNK_SIZE + 50]! ^= 0x10;
    await writeFile(path, bytes);
    await expect(t.vault.readContent(id)).rejects.toMatchObject({
      code: 'BLOB_TAMPERED',
      message: expect.stringMatching(/integrity check/),
    });
  });

  it("chunks swapped between two documents' blobs", async () => {
    const a = await t.vault.add({ bytes: randomBytes(3 * CHUNK_SIZE), name: 'a.bin' });
    const b = await t.vault.add({ bytes: randomBytes(3 * CHUNK_SIZE), name: 'b.bin' });
    const [pa, pb] = [await blobPath(a.id), await blobPath(b.id)];
    const [ba, bb] = [await readFile(pa), await readFile(pb)];
    const c = CHUNK_SIZE + 16;
    const start = HEADER_BYTES + c;
    const mixed = Buffer.concat([ba.subarray(0, start), bb.subarray(start, start + c), ba.subarray(start + c)]);
    await writeFile(pa, mixed);
    await expect(t.vault.readContent(a.id)).rejects.toMatchObject({ code: 'BLOB_TAMPERED' });
    // Whole blobs swapped: each is under the other document's key.
    await writeFile(pa, bb);
    await expect(t.vault.readContent(a.id)).rejects.toMatchObject({ code: 'BLOB_TAMPERED' });
    expect((await t.vault.readContent(b.id)).length).toBe(3 * CHUNK_SIZE);
  });

  it('a truncated blob', async () => {
    const { id } = await t.vault.add({ bytes: randomBytes(150_000), name: 'c.bin' });
    const path = await blobPath(id);
    const size = (await readFile(path)).length;
    await truncate(path, size - (CHUNK_SIZE + 20));
    await expect(t.vault.readContent(id)).rejects.toMatchObject({ code: 'BLOB_TAMPERED' });
    await truncate(path, 10);
    await expect(t.vault.readContent(id)).rejects.toMatchObject({ code: 'BLOB_TAMPERED' });
  });

  it('a missing blob', async () => {
    const { id } = await t.vault.add({ bytes: randomBytes(10), name: 'd.bin' });
    await t.vault.context.blobs.remove(
      (await t.vault.context.db.read.get<{ blob_name: string }>('SELECT blob_name FROM documents'))!.blob_name,
    );
    await expect(t.vault.readContent(id)).rejects.toMatchObject({ code: 'BLOB_MISSING' });
  });
});
