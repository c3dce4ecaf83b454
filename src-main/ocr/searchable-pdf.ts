/**
 * A searchable PDF page: the scanned image with tesseract's invisible text
 * layer over it. Tesseract can draw the image into its PDF itself, but it
 * decodes the PNG and compresses the pixels again inside the WASM engine (7% of
 * the OCR time on the corpus pages). Instead tesseract writes the text layer
 * alone (`pdfTextOnly`) and the PNG's compressed data goes into the PDF as it
 * is: PNG's IDAT stream is a Flate stream with PNG row filters, which PDF reads
 * with `/DecodeParms << /Predictor 15 >>` (as img2pdf and OCRmyPDF do). The
 * pixels are the ones OCR read, losslessly.
 */
import {
  concatTransformationMatrix,
  drawObject,
  PDFArray,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
} from 'pdf-lib';
import sharp from 'sharp';

interface PngStream {
  width: number;
  height: number;
  colors: 1 | 3;
  bitDepth: 8 | 16;
  idat: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The compressed pixel data of a PNG that PDF can take unchanged: grey or RGB,
 * 8 or 16 bits, not interlaced. Null for any other PNG. Hand-written because
 * PNG decoders hand out pixels, not the compressed stream.
 */
export function pngStream(png: Uint8Array): PngStream | null {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buf.length < 33 || !buf.subarray(0, 8).equals(SIGNATURE) || buf.toString('latin1', 12, 16) !== 'IHDR')
    return null;
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const bitDepth = buf[24];
  const colourType = buf[25];
  const interlaced = buf[28] !== 0;
  if ((bitDepth !== 8 && bitDepth !== 16) || (colourType !== 0 && colourType !== 2) || interlaced) return null;
  const parts: Buffer[] = [];
  for (let at = 8; at + 12 <= buf.length;) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > buf.length) return null;
    if (type === 'IDAT') parts.push(buf.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  if (parts.length === 0) return null;
  return { width, height, colors: colourType === 0 ? 1 : 3, bitDepth, idat: Buffer.concat(parts) };
}

/** Any PNG as one PDF can take (palette, alpha and interlacing undone), for the rare one that is not. */
async function passablePng(png: Uint8Array): Promise<PngStream> {
  const direct = pngStream(png);
  if (direct) return direct;
  const again = pngStream(
    await sharp(png).flatten({ background: '#ffffff' }).png({ palette: false, progressive: false }).toBuffer(),
  );
  if (!again) throw new Error('sharp wrote a PNG that PDF cannot take unchanged');
  return again;
}

/**
 * Puts `png` under the text of `textLayer` (tesseract's one-page text-only PDF),
 * stretched over its page: tesseract sized that page from the same image's
 * resolution, so the words sit on the pixels they were read from.
 *
 * `deskew` is the angle (radians, clockwise) by which tesseract turned the image
 * about its centre before reading it (tesseract.js's rotateAuto; the size stays
 * the same). The text layer's positions are in that turned image, so the text is
 * turned back over the original, which is stored as it was scanned.
 */
export async function searchablePdf(textLayer: Uint8Array, png: Uint8Array, deskew = 0): Promise<Uint8Array> {
  const image = await passablePng(png);
  const doc = await PDFDocument.load(textLayer, { updateMetadata: false });
  const [page] = doc.getPages();
  if (!page || doc.getPageCount() !== 1) throw new Error(`a text layer has one page, not ${doc.getPageCount()}`);
  const context = doc.context;
  const xobject = context.register(
    context.stream(image.idat, {
      Type: 'XObject',
      Subtype: 'Image',
      Width: image.width,
      Height: image.height,
      ColorSpace: image.colors === 1 ? 'DeviceGray' : 'DeviceRGB',
      BitsPerComponent: image.bitDepth,
      Filter: 'FlateDecode',
      DecodeParms: { Predictor: 15, Colors: image.colors, BitsPerComponent: image.bitDepth, Columns: image.width },
    }),
  );
  const name = page.node.newXObject('Scan', xobject);
  const box = page.getMediaBox();
  const draw = context.register(
    context.contentStream([
      pushGraphicsState(),
      concatTransformationMatrix(box.width, 0, 0, box.height, box.x, box.y),
      drawObject(name),
      popGraphicsState(),
    ]),
  );
  // The image goes first, so the (invisible) text is drawn over it.
  page.node.normalize();
  const contents = page.node.Contents();
  if (!(contents instanceof PDFArray)) throw new Error('the text layer page has no content array');
  contents.insert(0, draw);
  if (deskew !== 0) {
    // Counter-clockwise on the page (PDF's y axis points up) about the page's centre.
    const [cos, sin] = [Math.cos(deskew), Math.sin(deskew)];
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const turn = context.contentStream([
      pushGraphicsState(),
      concatTransformationMatrix(cos, sin, -sin, cos, cx - cx * cos + cy * sin, cy - cx * sin - cy * cos),
    ]);
    contents.insert(1, context.register(turn));
    contents.push(context.register(context.contentStream([popGraphicsState()])));
  }
  return doc.save();
}
