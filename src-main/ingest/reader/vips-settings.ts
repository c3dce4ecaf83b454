/**
 * libvips settings for every process that decodes images (the main process,
 * the reader process, OCR preparation). Every module that calls sharp imports
 * this one, so the settings are in place before the first image is decoded.
 *
 * Decoded pixels never go to a temp file. libvips decodes an image that must
 * be read out of order (and that its loader cannot shrink while decoding) to
 * a temporary file once it is larger than VIPS_DISC_THRESHOLD (100 MB unless
 * the environment says otherwise): a document's pixels, in plaintext, in
 * $TMPDIR. With the threshold above anything the ingest limits admit, they
 * stay in memory, which the reader's memory watchdog bounds (reader-client.ts).
 */
import { isMainThread } from 'node:worker_threads';
import sharp from 'sharp';

/** Far above the largest decoded image the limits admit (100 MP × 4 channels × 4 bytes = 1.6 GB). */
export const VIPS_DISC_THRESHOLD = '1000g';

// libvips reads the variable from the C environment, once, at its first out-of-order
// load. process.env writes reach the C environment only from the main thread (a worker
// thread has a copy of its own), so the main thread sets it, whatever the environment
// said (the reader is a process of its own and does the same); a thread that decodes checks that it did.
if (isMainThread) process.env.VIPS_DISC_THRESHOLD = VIPS_DISC_THRESHOLD;
else if (process.env.VIPS_DISC_THRESHOLD !== VIPS_DISC_THRESHOLD) {
  throw new Error('vips-settings must be imported in the main thread before a thread that decodes images is started');
}

// No operation cache: it would keep a document's decoded pixels after its file is done.
sharp.cache(false);
