import { useEffect, useState } from 'react';
import { BridgeError } from './bridge.js';

/** The wait main asked for after wrong passphrases (details.retryAfterMs), if the error names one. */
export function retryAfter(error: unknown): number | undefined {
  const ms = error instanceof BridgeError ? error.data.details?.retryAfterMs : undefined;
  return typeof ms === 'number' && ms > 0 ? ms : undefined;
}

/**
 * Whole seconds left of a wait that ends at `until` (ms since the epoch), counting down
 * once a second; 0 when there is none or it is over.
 */
export function useSecondsLeft(until: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= until) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [until]);
  return until === undefined ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}
