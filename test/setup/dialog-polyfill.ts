/**
 * jsdom has `<dialog>` without `showModal()` / `close()` and without a top layer. Component tests
 * need what the browser does for a modal dialog, as the spec says it: `open` set, everything
 * outside the dialog inert and out of the accessibility tree (so role queries do not find it),
 * Escape firing a cancelable `cancel` event that closes the dialog unless prevented, and `close`
 * firing a `close` event. Real Chromium (the E2E tests) does all of this itself.
 */

interface Hidden {
  el: HTMLElement;
  ariaHidden: string | null;
  inert: boolean;
}
// jsdom knows no `inert` property: the attribute is what the spec reflects it to.

const stack: Array<{ dialog: HTMLDialogElement; hidden: Hidden[] }> = [];

/** Marks every element beside the path from `dialog` up to <body> as hidden and inert. */
function hideOutside(dialog: HTMLElement): Hidden[] {
  const hidden: Hidden[] = [];
  for (let node: HTMLElement | null = dialog; node !== null && node !== document.body; node = node.parentElement) {
    const parent: HTMLElement | null = node.parentElement;
    if (parent === null) break;
    for (const sibling of Array.from(parent.children)) {
      if (sibling === node || !(sibling instanceof HTMLElement)) continue;
      hidden.push({ el: sibling, ariaHidden: sibling.getAttribute('aria-hidden'), inert: sibling.hasAttribute('inert') });
      sibling.setAttribute('aria-hidden', 'true');
      sibling.setAttribute('inert', '');
    }
  }
  return hidden;
}

function restore(hidden: Hidden[]): void {
  for (const { el, ariaHidden, inert } of hidden.reverse()) {
    if (ariaHidden === null) el.removeAttribute('aria-hidden');
    else el.setAttribute('aria-hidden', ariaHidden);
    if (!inert) el.removeAttribute('inert');
  }
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

export function installDialogPolyfill(): void {
  const proto = HTMLDialogElement.prototype as HTMLDialogElement & { __polyfilled?: boolean };
  if (typeof proto.showModal === 'function' || proto.__polyfilled === true) return;
  proto.__polyfilled = true;

  proto.showModal = function showModal(this: HTMLDialogElement) {
    if (this.open) return;
    this.setAttribute('open', '');
    stack.push({ dialog: this, hidden: hideOutside(this) });
    const first = this.querySelector<HTMLElement>('[autofocus]') ?? this.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
  };
  proto.show = function show(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  proto.close = function close(this: HTMLDialogElement, returnValue?: string) {
    if (!this.open) return;
    if (returnValue !== undefined) this.returnValue = returnValue;
    this.removeAttribute('open');
    const at = stack.findIndex((entry) => entry.dialog === this);
    if (at !== -1) {
      const [entry] = stack.splice(at, 1);
      if (entry !== undefined) restore(entry.hidden);
    }
    // The spec queues the event as a task.
    setTimeout(() => this.dispatchEvent(new Event('close')), 0);
  };

  document.addEventListener('keydown', (event) => {
    const top = stack.at(-1)?.dialog;
    if (event.key !== 'Escape' || top === undefined || event.defaultPrevented) return;
    const cancel = new Event('cancel', { cancelable: true });
    top.dispatchEvent(cancel);
    if (!cancel.defaultPrevented) top.close();
  });
}
