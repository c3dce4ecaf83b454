import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

// Key names as printed on keyboards (the same in every language here); what they do from the catalogue.
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
] as const;

/** "?": the keyboard shortcuts, in a modal dialog that Escape or Close shuts. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
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
                    <kbd>{k}</kbd>
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
