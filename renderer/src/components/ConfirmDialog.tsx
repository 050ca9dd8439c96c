/**
 * A modal question with one destructive answer (role=alertdialog on the native `<dialog>`): focus
 * starts on Cancel, Escape cancels, and focus returns to where it was on close.
 */
import { useRef, type ReactNode } from 'react';
import { Dialog } from './Dialog';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
}

export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel, busy = false }: ConfirmDialogProps) {
  const cancelButton = useRef<HTMLButtonElement>(null);
  return (
    <Dialog title={title} role="alertdialog" description={children} onClose={onCancel} initialFocus={cancelButton} busy={busy}>
      <div className="dialog-actions">
        <button type="button" ref={cancelButton} onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
