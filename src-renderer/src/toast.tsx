import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface ToastMessage {
  /** A new id shows the toast again, even with the same text. */
  id: number;
  text: string;
  action?: { label: string; run: () => void };
}

const SHOW_MS = 10_000;

/**
 * A short note after an action, with a way back (Undo). It leaves by itself
 * after a while, but not while the pointer or focus is on it, so Undo cannot
 * vanish under the user's hand.
 */
export function Toast({ toast, onClose }: { toast: ToastMessage | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const [held, setHeld] = useState(false);
  const close = useRef(onClose);
  close.current = onClose;
  // A new toast starts its own time: the last one may have gone under the pointer or with focus in it (no blur then).
  useEffect(() => setHeld(false), [toast?.id]);
  useEffect(() => {
    if (!toast || held) return;
    const timer = setTimeout(() => close.current(), SHOW_MS);
    return () => clearTimeout(timer);
  }, [toast, held]);
  return (
    // The live region is always there: a status that appears with its text may not be announced.
    <div
      className="undo-toast-region"
      role="status"
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      {toast && (
        <div className="undo-toast" key={toast.id}>
          <span>{toast.text}</span>
          {toast.action && (
            <button
              onClick={() => {
                toast.action!.run();
                onClose();
              }}
            >
              {toast.action.label}
            </button>
          )}
          <button aria-label={t('files.dismiss')} onClick={onClose}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
