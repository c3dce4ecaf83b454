/**
 * Encrypted document bytes on disk: `blobs/<ab>/<random>.blob`, one file per
 * stored version, each under its own key. Names are random, so the folder
 * says nothing about its contents. Files are written to a temporary name and
 * renamed once complete and synced; only ciphertext ever reaches the disk.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobIntegrityError, DecryptStream, EncryptStream } from '../../crypto/blob-stream.js';
import { LockleafError } from '../../errors.js';

export interface WrittenBlob {
  name: string;
  size: number;
  sha256: string;
}

const NAME = /^[0-9a-f]{32}$/;

function toLockleafError(error: unknown, name: string): unknown {
  if (error instanceof BlobIntegrityError) {
    return new LockleafError(
      'BLOB_TAMPERED',
      `Stored document data failed its integrity check (${error.message}). It was not opened.`,
      { blob: name },
    );
  }
  if ((error as NodeJS.ErrnoException)?.code === 'ENOENT') {
    return new LockleafError('BLOB_MISSING', 'The stored document data is missing from the vault folder.', {
      blob: name,
    });
  }
  return error;
}

export class BlobStore {
  constructor(private readonly dir: string) {}

  pathOf(name: string): string {
    if (!NAME.test(name)) throw new Error(`invalid blob name ${name}`);
    return join(this.dir, name.slice(0, 2), `${name}.blob`);
  }

  /** Encrypts `source` under `key` into a new blob, hashing the plaintext on the way. */
  async write(source: Readable, key: Uint8Array, onBytes?: (bytes: number) => void): Promise<WrittenBlob> {
    const name = randomBytes(16).toString('hex');
    const path = this.pathOf(name);
    await mkdir(join(this.dir, name.slice(0, 2)), { recursive: true, mode: 0o700 });
    const tmp = `${path}.tmp`;
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        onBytes?.(size);
        done(null, chunk);
      },
    });
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await pipeline(source, tap, new EncryptStream(key), async (sealed: AsyncIterable<Buffer>) => {
        for await (const chunk of sealed) await handle.write(chunk);
      });
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw error;
    }
    await handle.close();
    await rename(tmp, path);
    return { name, size, sha256: hash.digest('hex') };
  }

  /**
   * A stream of the decrypted bytes. Each chunk is verified before it is
   * emitted; a tampered or truncated blob errors the stream with BLOB_TAMPERED.
   */
  read(name: string, key: Uint8Array): Readable {
    const out = new PassThrough();
    const source = createReadStream(this.pathOf(name));
    const decrypt = new DecryptStream(key);
    // Not `pipeline`: it would destroy `out` with the raw error before we could name it.
    const fail = (error: unknown) => {
      source.destroy();
      decrypt.destroy();
      out.destroy(toLockleafError(error, name) as Error);
    };
    source.on('error', fail);
    decrypt.on('error', fail);
    out.on('close', () => source.destroy());
    source.pipe(decrypt).pipe(out);
    return out;
  }

  async remove(name: string): Promise<void> {
    await rm(this.pathOf(name), { force: true });
  }

  /** Every blob name on disk, and leftovers of interrupted writes. */
  async scan(): Promise<{ names: string[]; partials: string[] }> {
    const names: string[] = [];
    const partials: string[] = [];
    let shards: string[];
    try {
      shards = await readdir(this.dir);
    } catch {
      return { names, partials };
    }
    for (const shard of shards) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const file of await readdir(join(this.dir, shard))) {
        if (file.endsWith('.blob.tmp')) partials.push(join(this.dir, shard, file));
        else if (file.endsWith('.blob')) names.push(file.slice(0, -'.blob'.length));
      }
    }
    return { names, partials };
  }
}
