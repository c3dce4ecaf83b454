import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

// The largest image the limits admit: 100 MP (12500 × 8000), in colour, stored on its
// side with an EXIF orientation that turns it upright.
const WIDTH = 12_500;
const HEIGHT = 8_000;

/**
 * Reads `file` as ingest does, in a process of its own whose temp folder is `tmp`: the
 * type and size check and a thumbnail in the main thread, the page in the reader process.
 * `VIPS_DISC_THRESHOLD=1m` is what the environment asks of libvips: spill anything over 1 MB.
 */
async function ingestIn(tmp: string, file: string): Promise<{ width: number; height: number }> {
  const url = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
  const script = `
    const { readFile } = await import('node:fs/promises');
    const { inspect, DEFAULT_LIMITS } = await import(${url('../intake.ts')});
    const { thumbnail } = await import(${url('../page-pipeline.ts')});
    const { ReaderClient } = await import(${url('./reader-client.ts')});
    const bytes = await readFile(${JSON.stringify(file)});
    const { kind } = await inspect(bytes, DEFAULT_LIMITS);
    const reader = new ReaderClient(300_000);
    try {
      await reader.open(bytes, kind, DEFAULT_LIMITS);
      const page = await reader.page(0);
      await thumbnail(page.png);
      console.log(JSON.stringify({ width: page.width, height: page.height }));
    } finally {
      await reader.close();
    }`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, TMPDIR: tmp, TSX_DISABLE_CACHE: '1', VIPS_DISC_THRESHOLD: '1m' },
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { width: number; height: number };
}

describe('decoded pixels and the temp folder', () => {
  let dir: string;
  const base = () =>
    sharp({
      create: { width: WIDTH, height: HEIGHT, channels: 3, background: { r: 190, g: 40, b: 60 } },
      limitInputPixels: false,
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockleaf-vips-'));
    await writeFile(
      join(dir, 'photo.jpg'),
      await base().jpeg({ quality: 60 }).withMetadata({ orientation: 6 }).toBuffer(),
    );
    await writeFile(
      join(dir, 'photo.webp'),
      await base().webp({ quality: 20 }).withMetadata({ orientation: 6 }).toBuffer(),
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // libvips 8.18 makes its temp files unnamed (O_TMPFILE): they never show in a listing,
  // but the folder is told of every write to them, so the folder is watched throughout.
  it.each(['photo.jpg', 'photo.webp'])(
    'reads a 100 MP EXIF-rotated colour %s without writing to the temp folder, whatever the environment asks',
    async (name) => {
      const tmp = await mkdtemp(join(dir, 'tmp-'));
      const seen: string[] = [];
      const watcher = watch(tmp, (event, file) => seen.push(`${event} ${file}`));
      try {
        const page = await ingestIn(tmp, join(dir, name));
        // Turned upright, and within the OCR pixel cap.
        expect(page.height).toBeGreaterThan(page.width);
        expect(page.width * page.height).toBeLessThanOrEqual(12_000_000);
        await new Promise((resolve) => setTimeout(resolve, 100)); // let the last events arrive
        expect(seen).toEqual([]);
        expect(await readdir(tmp)).toEqual([]);
      } finally {
        watcher.close();
      }
    },
  );
});
