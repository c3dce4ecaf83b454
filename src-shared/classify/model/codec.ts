/**
 * Typed arrays as base64 text, so a model stays plain JSON (the vault stores it sealed as
 * text) without a number per array element: a Float32Array of 2^18 idf weights is 1.4 MB
 * of base64 instead of ~3 MB of decimal digits. Hand-written because src-shared may use
 * neither Buffer (node) nor relying on atob/btoa being typed in every tsconfig.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

function encodeBytes(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    const n = (a << 16) | (b << 8) | c;
    chunk +=
      ALPHABET[(n >> 18) & 63]! +
      ALPHABET[(n >> 12) & 63]! +
      (i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63]! : '=') +
      (i + 2 < bytes.length ? ALPHABET[n & 63]! : '=');
    // Joining fixed-size pieces keeps string building linear for megabyte arrays.
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

/** Undefined when the text is not base64 of a whole number of `unit`-byte elements. */
function decodeBytes(text: string, unit: number): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const length = (text.length / 4) * 3 - padding;
  if (length % unit !== 0) return undefined;
  const out = new Uint8Array(length);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const code = text.charCodeAt(i + k);
      const v = code < 128 ? LOOKUP[code]! : -1;
      if (v < 0) {
        if (code === 61 && i + 4 === text.length && k >= 4 - padding) continue; // '=' padding
        return undefined;
      }
      n |= v << (18 - 6 * k);
    }
    if (o < length) out[o++] = (n >> 16) & 255;
    if (o < length) out[o++] = (n >> 8) & 255;
    if (o < length) out[o++] = n & 255;
  }
  return out;
}

export function encodeFloat32(values: Float32Array): string {
  return encodeBytes(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

export function encodeUint32(values: Uint32Array): string {
  return encodeBytes(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

export function decodeFloat32(text: string): Float32Array | undefined {
  const bytes = decodeBytes(text, 4);
  return bytes && new Float32Array(bytes.buffer);
}

export function decodeUint32(text: string): Uint32Array | undefined {
  const bytes = decodeBytes(text, 4);
  return bytes && new Uint32Array(bytes.buffer);
}
