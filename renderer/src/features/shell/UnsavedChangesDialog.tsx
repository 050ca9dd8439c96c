/**
 * "Save changes to …?" before an action that would replace the open DSN's form (another DSN, New,
 * Duplicate, an import, closing the window): Save (then go on, if the save worked), Don't save,
 * or Cancel. Focus starts on Save; Escape cancels.
 */
import { useRef, useState } from 'react';
import { Dialog } from '../../components/Dialog';

interface UnsavedChangesDialogProps {
  /** The DSN's name, or "New DSN". */
  name: string;
  /** What happens next, e.g. "open “billing”". */
  next: string;
  /** Saves; true when saved (the form shows why not otherwise). */
  onSave: () => Promise<boolean>;
  onDiscard: () => void;
  onCancel: () => void;
}

export function UnsavedChangesDialog({ name, next, onSave, onDiscard, onCancel }: UnsavedChangesDialogProps) {
  const saveButton = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const save = async () => {
    setBusy(true);
    const saved = await onSave();
    setBusy(false);
    if (!saved) setFailed(true);
  };
  return (
    <Dialog
      title={`Save changes to “${name}”?`}
      role="alertdialog"
      onClose={onCancel}
      initialFocus={saveButton}
      busy={busy}
      testId="unsaved-dialog"
      description={<p>It has unsaved changes. If you {next} without saving, they are lost.</p>}
    >
      {failed && (
        <p className="error-text" role="alert">
          Not saved: fix the highlighted fields in the form, then try again (or Don’t save).
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onDiscard} disabled={busy}>
          Don’t save
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" ref={saveButton} className="primary" onClick={() => void save()} disabled={busy}>
          Save
        </button>
      </div>
    </Dialog>
  );
}
