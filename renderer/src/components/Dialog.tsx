/**
 * Every modal of the app, on the platform's `<dialog>` opened with `showModal()`: the browser puts
 * it in the top layer, makes the rest of the page inert (and out of the accessibility tree) and
 * turns Escape into a `cancel` event. What the platform leaves to the page is here: the first
 * focus, focus back to the opener on close, a busy state in which Escape does nothing, and the
 * title and description wiring.
 */
import { useEffect, useEffectEvent, useId, useRef, type ReactNode, type RefObject, type SyntheticEvent } from 'react';

export interface DialogProps {
  title: string;
  children: ReactNode;
  /** Escape, or the dialog closed by the platform: the owner unmounts it. */
  onClose: () => void;
  /** Gets the focus when the dialog opens (else the platform's choice: the first focusable control). */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Escape does nothing while busy. */
  busy?: boolean;
  size?: 'normal' | 'wide';
  /** `alertdialog` for a question that interrupts (delete, unsaved changes). */
  role?: 'dialog' | 'alertdialog';
  /** Shown under the title and read as the dialog's description. */
  description?: ReactNode;
  className?: string;
  testId?: string;
}

export function Dialog({ title, children, onClose, initialFocus, busy = false, size = 'normal', role = 'dialog', description, className, testId }: DialogProps) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  /** Set while this component closes the dialog itself (unmount), so the `close` event is not the user's. */
  const closingOurselves = useRef(false);
  const focusFirst = useEffectEvent(() => initialFocus?.current?.focus());

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closingOurselves.current = false;
    if (!dialog.open) dialog.showModal();
    focusFirst();
    return () => {
      closingOurselves.current = true;
      if (dialog.open) dialog.close();
      if (opener?.isConnected === true) opener.focus();
    };
  }, []);

  const onCancel = (event: SyntheticEvent<HTMLDialogElement>) => {
    // Escape: the platform closes the dialog unless told not to; the `close` event then tells the owner.
    if (busy) event.preventDefault();
  };

  const onNativeClose = () => {
    if (!closingOurselves.current) onClose();
  };

  return (
    <dialog
      ref={ref}
      className={['dialog', size === 'wide' ? 'dialog-wide' : '', className ?? ''].filter((c) => c !== '').join(' ')}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={`${id}-title`}
      aria-describedby={description !== undefined ? `${id}-description` : undefined}
      onCancel={onCancel}
      onClose={onNativeClose}
      data-testid={testId}
    >
      <h2 id={`${id}-title`} className="dialog-title">
        {title}
      </h2>
      {description !== undefined && (
        <div id={`${id}-description`} className="dialog-description">
          {description}
        </div>
      )}
      {children}
    </dialog>
  );
}
