import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

// Key names as the keyboard's language prints them (Ctrl, Strg; Delete, Entf, Suppr): each part of a combination
// named in shortcuts.keys is said in the chosen language; letters, arrows and symbols stay as they are.
const SHORTCUTS = [
  [['/', 'Ctrl+K'], 'search'],
  [['↑', '↓', 'j', 'k'], 'move'],
  [['←', '→'], 'moveGrid'],
  [['Enter'], 'open'],
  [['Space'], 'check'],
  [['Shift+click', 'Shift+Space'], 'range'],
  [['Ctrl+click'], 'one'],
  [['Ctrl+A'], 'all'],
  [['Delete'], 'trash'],
  [['Escape'], 'escape'],
  [['?'], 'help'],
  // In the full-window view (Enter on a document).
  [['[', ']', 'Alt+←', 'Alt+→'], 'viewDocument'],
  [['PgUp', 'PgDn'], 'viewPage'],
  [['+', '−', '0'], 'viewZoom'],
  [['Ctrl+F'], 'viewFind'],
] as const;

const KEY_NAMES = ['Ctrl', 'Shift', 'click', 'Space', 'Enter', 'Delete', 'Escape'] as const;

/** "?": the keyboard shortcuts, in a modal dialog that Escape or Close shuts. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const named = KEY_NAMES as readonly string[];
  const keyName = (combo: string) =>
    combo
      .split('+')
      .map((part) => (named.includes(part) ? t(`shortcuts.keys.${part as (typeof KEY_NAMES)[number]}`) : part))
      .join('+');
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm shortcuts"
      aria-labelledby="shortcuts-title"
      onCancel={(e) => {
        // Escape: closed by React state, so the dialog and the state never disagree.
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={what}>
              <th scope="row">
                {keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' '}
                    <kbd>{keyName(k)}</kbd>
                  </span>
                ))}
              </th>
              <td>{t(`shortcuts.${what}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="inline confirm-actions">
        <button autoFocus onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </dialog>
  );
}
