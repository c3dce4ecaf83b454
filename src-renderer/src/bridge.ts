/** The renderer's handle on main: `window.lockleaf`, typed from the shared contract. */
import type { LockleafBridge } from '../../src-shared/bridge/contract.js';
import type { ErrorData, Result } from '../../src-shared/errors.js';
import { errorText } from './i18n/error-text.js';

declare global {
  interface Window {
    lockleaf: LockleafBridge;
  }
}

export const bridge = (): LockleafBridge => window.lockleaf;

export class BridgeError extends Error {
  constructor(readonly data: ErrorData) {
    // Said in the chosen language where the catalogue knows the code (i18n/error-text.ts); data keeps main's own.
    super(errorText(data));
  }
}

/** Unwraps a bridge result for react-query: expected failures become BridgeError. */
export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new BridgeError(result.error);
  return result.value;
}
