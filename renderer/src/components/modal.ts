/** What every modal dialog does: hide the rest of the page, keep Tab inside, give focus back. */
import { useEffect, type KeyboardEvent, type RefObject } from 'react';

/** Hides every other child of <body> from assistive tech and makes it inert; returns the undo. */
export function hideOutside(keep: Element): () => void {
  const hidden: Array<{ el: HTMLElement; ariaHidden: string | null; inert: boolean }> = [];
  for (const el of Array.from(document.body.children)) {
    if (el === keep || !(el instanceof HTMLElement)) continue;
    hidden.push({ el, ariaHidden: el.getAttribute('aria-hidden'), inert: el.inert });
    el.setAttribute('aria-hidden', 'true');
    el.inert = true;
  }
  return () => {
    for (const { el, ariaHidden, inert } of hidden) {
      if (ariaHidden === null) el.removeAttribute('aria-hidden');
      else el.setAttribute('aria-hidden', ariaHidden);
      el.inert = inert;
    }
  };
}

/**
 * While mounted: everything outside `root` is hidden and inert, `initialFocus` has the focus,
 * and on unmount the focus goes back to where it was when the dialog opened.
 */
export function useModal(root: RefObject<HTMLElement | null>, initialFocus: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const restore = root.current === null ? () => undefined : hideOutside(root.current);
    initialFocus.current?.focus();
    return () => {
      restore();
      if (opener?.isConnected === true) opener.focus();
    };
  }, [root, initialFocus]);
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Keeps Tab and Shift+Tab cycling inside `container`. Call from the dialog's keydown handler. */
export function trapTab(event: KeyboardEvent<HTMLElement>, container: HTMLElement | null): void {
  if (event.key !== 'Tab' || container === null) return;
  const focusable = Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE));
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
}
