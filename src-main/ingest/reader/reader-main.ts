/**
 * The reader process (see reader-process.ts): parses PDFs and decodes images
 * away from the app, one file at a time. A file that hangs, crashes the parser
 * or takes too much memory ends only this process; the pipeline reports the
 * file as failed and starts another reader.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import { LockleafError } from '../../errors.js';
import type { AcceptedKind, IngestLimits } from '../intake.js';
import { fromPixels, openHeic, openImage, toOcrPng, type ImageSource } from './image-pages.js';
import { OCR_DPI, OCR_MAX_PIXELS, openPdf, pageText, renderPage } from './pdf-pages.js';
import { asRefusal, libraryMessage } from './reader-errors.js';
import type { PageResult, ReaderRequest, ReaderResponse } from './reader-protocol.js';
import { scannedPage } from './scanned-page.js';
// libvips's settings, before anything is decoded.
import './vips-settings.js';
import { checkPixels, DEFAULT_MAX_MEMORY_BYTES } from '../intake.js';
import { ReaderWatchdog } from './reader-watchdog.js';

let pdf: PDFDocumentProxy | undefined;
let image: ImageSource | undefined;
let limits: IngestLimits | undefined;
let kind: AcceptedKind = 'pdf';

async function handle(req: ReaderRequest): Promise<unknown> {
  switch (req.op) {
    case 'open': {
      limits = req.limits;
      watchdog.limit = limits.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES;
      kind = req.kind;
      const bytes = Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength);
      if (req.kind === 'pdf') {
        pdf = await openPdf(new Uint8Array(bytes), req.password);
        if (pdf.numPages > limits.maxPages) {
          throw new LockleafError(
            'TOO_MANY_PAGES',
            `The PDF has ${pdf.numPages} pages; the limit is ${limits.maxPages}.`,
          );
        }
        return { pageCount: pdf.numPages };
      }
      image = req.kind === 'heic' ? await openHeic(bytes, limits) : await openImage(bytes, limits);
      return { pageCount: image.pageCount };
    }
    case 'page': {
      if (image) return (await image.page(req.index)) satisfies PageResult;
      const page = await pdf!.getPage(req.index + 1);
      try {
        const text = await pageText(page);
        if (text) return { text } satisfies PageResult;
        const scan = await scannedPage(page, OCR_DPI, limits!);
        if (scan) return scan satisfies PageResult;
        const raw = await renderPage(pdf!, page, OCR_DPI, Math.min(limits!.maxPixels, OCR_MAX_PIXELS));
        return (await toOcrPng(fromPixels(raw.data, raw.width, raw.height, 1, limits!), {
          dpi: raw.dpi,
        })) satisfies PageResult;
      } finally {
        page.cleanup();
      }
    }
    case 'probe': {
      if (req.kind === 'image')
        await checkPixels(Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength), req.limits);
      return null;
    }
    case 'reset': {
      // The next file starts clean: nothing of this one stays in the worker.
      await pdf?.destroy();
      pdf = undefined;
      image = undefined;
      return null;
    }
    case 'thumbnail': {
      if (image) return image.page(req.index);
      const page = await pdf!.getPage(req.index + 1);
      const raw = await renderPage(pdf!, page, 48, limits!.maxPixels);
      page.cleanup();
      return toOcrPng(fromPixels(raw.data, raw.width, raw.height, 1, limits!));
    }
  }
}

const watchdog = new ReaderWatchdog(DEFAULT_MAX_MEMORY_BYTES);

/** Electron's utility process talks through `process.parentPort`; a Node child through `process.send`. */
interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}
const electronPort = (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
const reply = (message: ReaderResponse) => (electronPort ? electronPort.postMessage(message) : process.send!(message));
const onRequest = (listener: (req: ReaderRequest) => void) =>
  electronPort
    ? electronPort.on('message', (e) => listener(e.data as ReaderRequest))
    : process.on('message', (m) => listener(m as ReaderRequest));
// The app went away: so does its reader.
if (!electronPort) process.on('disconnect', () => process.exit(0));

onRequest((req: ReaderRequest) => {
  handle(req).then(
    (value) => reply({ id: req.id, ok: true, value } satisfies ReaderResponse),
    (error: unknown) => {
      // A page of a PDF is named in the refusal; an image's pages are the image.
      const page = kind === 'pdf' && (req.op === 'page' || req.op === 'thumbnail') ? req.index + 1 : undefined;
      const refusal = asRefusal(error, req.op === 'open' || req.op === 'probe' ? req.kind : kind, page);
      const debug = libraryMessage(refusal);
      reply({
        id: req.id,
        ok: false,
        error: {
          code: refusal.code,
          message: refusal.message,
          ...(refusal.details ? { details: refusal.details } : {}),
          ...(debug ? { debug } : {}),
        },
      } satisfies ReaderResponse);
    },
  );
});
