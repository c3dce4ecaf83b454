import { strength } from './passphrase-strength.js';

/**
 * The strength of a new passphrase as a bar and a sentence that agree: the
 * bar's colour comes from the same level as the words (a weak passphrase is
 * red, never green), not from the browser's own <meter> regions.
 */
export function StrengthMeter({ passphrase, label }: { passphrase: string; label: string }) {
  const s = strength(passphrase);
  return (
    <div className="strength" data-level={s.level}>
      <div
        role="meter"
        className="strength-bar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={3}
        aria-valuenow={s.score}
        aria-valuetext={s.label}
      >
        <span style={{ width: `${((s.score + 1) / 4) * 100}%` }} />
      </div>
      <p className="strength-label" aria-live="polite">
        {s.label}
      </p>
    </div>
  );
}
