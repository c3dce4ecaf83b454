/** For tests: find marker strings in files, as UTF-8, UTF-16 (both byte orders) and base64. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export function encodings(marker: string): Buffer[] {
  const utf8 = Buffer.from(marker, 'utf8');
  const forms = [utf8, Buffer.from(marker, 'utf16le'), Buffer.from(Buffer.from(marker, 'utf16le').swap16())];
  // base64 depends on alignment: take the part that is the same at each of the three offsets.
  for (let offset = 0; offset < 3; offset++) {
    const b64 = Buffer.concat([Buffer.alloc(offset), utf8]).toString('base64');
    forms.push(Buffer.from(b64.slice(Math.ceil((offset * 4) / 3) + 1, -4), 'ascii'));
  }
  return forms;
}

async function* files(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * Files under `dirs` that contain any marker. `modifiedSince` skips files not
 * written since then: the markers are random per test, so an older file (the
 * rest of a shared /tmp, a checkout with node_modules) cannot hold one, and
 * reading it all would only make the test slow.
 */
export async function scanForMarkers(
  dirs: string[],
  markers: string[],
  skip: string[] = [],
  modifiedSince = 0,
): Promise<string[]> {
  const needles = markers.flatMap((m) => encodings(m).map((bytes) => ({ m, bytes })));
  const hits: string[] = [];
  for (const dir of dirs) {
    for await (const path of files(dir)) {
      if (skip.some((s) => path.startsWith(s))) continue;
      const info = await stat(path).catch(() => undefined);
      if (!info || info.size > 512 * 1024 * 1024 || info.mtimeMs < modifiedSince) continue;
      const data = await readFile(path).catch(() => undefined);
      if (!data) continue;
      for (const { m, bytes } of needles) if (data.includes(bytes)) hits.push(`${path}: ${m}`);
    }
  }
  return hits;
}
