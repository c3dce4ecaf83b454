/**
 * Bare tesseract.js (no Lockleaf pipeline) over a list of page images, one
 * worker per core: the engine's own speed and accuracy, for bench/ocr. Some
 * images the engine cannot decode (TIFF with Deflate, JPEG or WebP inside:
 * its Leptonica lacks them); such a page is reported as unread, and the bench
 * goes on.
 */
import { readFile } from 'node:fs/promises';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';

export interface EngineRead {
  text: Map<string, string>;
  /** Pages the engine could not read, with its reason. */
  failed: Map<string, string>;
}

/**
 * A worker as bench/ocr runs them. Without an errorHandler, tesseract.js throws a failed
 * call from its message listener as well as rejecting it: an uncaught exception that ended
 * the bench. The rejection reaches the caller, so the handler has nothing left to do.
 */
export async function engineWorker(langs: string[], langPath: string): Promise<Worker> {
  const worker = await createWorker(langs, OEM.LSTM_ONLY, {
    langPath,
    gzip: true,
    cacheMethod: 'none',
    errorHandler: () => undefined,
  });
  await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO });
  return worker;
}

/** Reads every image on the workers (each takes the next image when it is free). */
export async function engineRead(workers: Worker[], images: string[]): Promise<EngineRead> {
  const result: EngineRead = { text: new Map(), failed: new Map() };
  let next = 0;
  await Promise.all(
    workers.map(async (worker) => {
      while (next < images.length) {
        const image = images[next++]!;
        try {
          result.text.set(image, (await worker.recognize(await readFile(image), {}, { text: true })).data.text);
        } catch (error) {
          result.failed.set(image, error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  return result;
}
