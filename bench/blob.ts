/**
 * bench/blob: streaming encryption of a 1 GiB document against Node's one-shot
 * AES-256-GCM over the same bytes, in one run.
 *
 *   npm run bench:blob -- [--mib 1024]
 *
 * Prints MB/s for each and the ratio (target ≥ 0.8×), and peak RSS (target: flat,
 * i.e. independent of the document's size, while one-shot holds it all).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { DecryptStream, EncryptStream } from '../src-main/crypto/blob-stream.js';

const { values } = parseArgs({ options: { mib: { type: 'string', default: '1024' } } });
const MIB = Number(values.mib);
const TOTAL = MIB * 1024 * 1024;
const block = randomBytes(1024 * 1024);
const key = randomBytes(32);

const rssMiB = () => process.memoryUsage.rss() / 2 ** 20;
const peakMiB = () => process.resourceUsage().maxRSS / 1024;
const mbps = (ms: number) => TOTAL / 1e6 / (ms / 1000);

function source(): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= TOTAL) return void this.push(null);
      sent += block.length;
      this.push(block);
    },
  });
}

function counter(): Writable & { bytes: number } {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      sink.bytes += chunk.length;
      done();
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

const dir = await mkdtemp(join(tmpdir(), 'lockleaf-bench-blob-'));
try {
  console.log(`bench/blob: ${MIB} MiB, 64 KiB chunks; start RSS ${rssMiB().toFixed(0)} MiB`);
  // Streaming encrypt (to a file, so the decrypt below has real ciphertext to read).
  const sealedPath = join(dir, 'sealed.blob');
  let t = performance.now();
  await pipeline(source(), new EncryptStream(key), createWriteStream(sealedPath));
  const encMs = performance.now() - t;
  // Streaming decrypt, from the file (warm in the page cache after the write).
  const sink = counter();
  t = performance.now();
  await pipeline(createReadStream(sealedPath, { highWaterMark: 1024 * 1024 }), new DecryptStream(key), sink);
  const decMs = performance.now() - t;
  if (sink.bytes !== TOTAL) throw new Error(`decrypted ${sink.bytes} bytes, expected ${TOTAL}`);
  const streamPeak = peakMiB();
  await rm(sealedPath);

  // Node one-shot AES-256-GCM over the same bytes, held in memory.
  const plain = Buffer.allocUnsafe(TOTAL);
  for (let o = 0; o < TOTAL; o += block.length) block.copy(plain, o);
  const iv = randomBytes(12);
  t = performance.now();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  const tag = cipher.getAuthTag();
  const oneEncMs = performance.now() - t;
  t = performance.now();
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  const opened = Buffer.concat([decipher.update(sealed), decipher.final()]);
  const oneDecMs = performance.now() - t;
  if (opened.length !== TOTAL) throw new Error('one-shot round trip failed');
  const onePeak = peakMiB();

  console.log('                         encrypt MB/s  decrypt MB/s');
  console.log(
    `streaming (Lockleaf)     ${mbps(encMs).toFixed(0).padStart(12)}  ${mbps(decMs).toFixed(0).padStart(12)}`,
  );
  console.log(
    `one-shot (node:crypto)   ${mbps(oneEncMs).toFixed(0).padStart(12)}  ${mbps(oneDecMs).toFixed(0).padStart(12)}`,
  );
  console.log(
    `ratio                    ${(oneEncMs / encMs).toFixed(2).padStart(12)}  ${(oneDecMs / decMs).toFixed(2).padStart(12)}   (target ≥ 0.8)`,
  );
  console.log(
    `peak RSS: streaming ${streamPeak.toFixed(0)} MiB for a ${MIB} MiB document; one-shot ${onePeak.toFixed(0)} MiB`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
