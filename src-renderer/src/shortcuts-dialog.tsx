import { useEffect, useRef } from 'react';

const SHORTCUTS: [keys: string[], what: string][] = [
  [['/', 'Ctrl+K'], 'Search'],
  [['↑', '↓', 'j', 'k'], 'Previous or next document'],
  [['←', '→'], 'Previous or next document in the grid'],
  [['Enter'], 'Open the document'],
  [['Space'], 'Check or uncheck the document'],
  [['Shift+click', 'Shift+Space'], 'Check a range'],
  [['Ctrl+click'], 'Check one more'],
  [['Ctrl+A'], 'Check every document in the list'],
  [['Delete'], 'Move to trash (Undo in the message)'],
  [['Escape'], 'Close what is open: this dialog, the imports, the document, then the selection'],
  [['?'], 'These shortcuts'],
];

/** "?": the keyboard shortcuts, in a modal dialog that Escape or Close shuts. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
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
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
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
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="inline confirm-actions">
        <button autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
