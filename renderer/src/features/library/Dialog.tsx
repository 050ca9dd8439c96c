/**
 * A modal dialog (role=dialog) for the library's forms: the rest of the page is hidden and inert,
 * focus starts on `initialFocus` (else the first control), Tab stays inside, Escape closes, and
 * focus goes back to the opener on close.
 */
import { useId, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { useModal } from '../../components/modal';

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

interface DialogProps {
  title: string;
  children: ReactNode;
  onClose: () => void;
  /** Gets the focus when the dialog opens. */
  initialFocus: RefObject<HTMLElement | null>;
  /** Escape does nothing while busy. */
  busy?: boolean;
  wide?: boolean;
  testId?: string;
}

export function Dialog({ title, children, onClose, initialFocus, busy = false, wide = false, testId }: DialogProps) {
  const id = useId();
  const backdrop = useRef<HTMLDivElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useModal(backdrop, initialFocus);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      if (!busy) onClose();
      return;
    }
    if (event.key !== 'Tab' || dialog.current === null) return;
    const focusable = Array.from(dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (first === undefined || last === undefined) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div className="dialog-backdrop" ref={backdrop}>
      <div
        ref={dialog}
        className={`dialog${wide ? ' dialog-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        onKeyDown={onKeyDown}
        data-testid={testId}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
      </div>
    </div>,
    document.body,
  );
}
