/**
 * Where a request for the app's own files (the built renderer) may read
 * from: one function for the shell's `app://` protocol and the e2e test
 * host, so both refuse the same paths. Anything that decodes or normalises
 * to outside the folder (`..`, `%2e%2e`, an encoded slash, a NUL) is refused.
 */
import { normalize, resolve, sep } from 'node:path';

/** The file under `root` that `pathname` names (`/` is index.html), or undefined when it would leave `root`. */
export function staticFilePath(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return undefined; // malformed escapes
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const base = resolve(root);
  const path = normalize(resolve(base, `.${decoded}`));
  return path.startsWith(base + sep) ? path : undefined;
}
