/**
 * One toast at a time in a polite live region: a message and maybe an action (Undo). It closes by
 * itself after its time, which stops running while the pointer or the focus is on it (so there is
 * time to reach the button). An action marked `shortcut` also runs on Ctrl+Z / ⌘Z outside text fields.
 */
import { useEffect, useRef, useState } from 'react';

export interface ToastAction {
  label: string;
  run: () => void;
  /** Ctrl+Z / ⌘Z runs it too (for Undo). */
  shortcut?: boolean;
}

export interface ToastMessage {
  /** A new id shows a new toast (and restarts the time). */
  id: number;
  text: string;
  action?: ToastAction | undefined;
  tone?: 'info' | 'error';
  durationMs: number;
}

function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The live region; the toast inside is keyed by its id, so a new one starts afresh. */
export function Toast({ toast, onDismiss }: { toast: ToastMessage | undefined; onDismiss: () => void }) {
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast !== undefined && <ToastCard key={toast.id} toast={toast} onDismiss={onDismiss} />}
    </div>
  );
}

function ToastCard({ toast, onDismiss }: { toast: ToastMessage; onDismiss: () => void }) {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const remaining = useRef(toast.durationMs);
  const paused = hovered || focused;

  useEffect(() => {
    if (paused) return;
    const started = Date.now();
    const timer = setTimeout(onDismiss, Math.max(0, remaining.current));
    return () => {
      clearTimeout(timer);
      remaining.current -= Date.now() - started;
    };
  }, [paused, onDismiss]);

  const action = toast.action;
  useEffect(() => {
    if (action?.shortcut !== true) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'z' && !inTextField(event.target)) {
        event.preventDefault();
        action.run();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [action]);

  return (
    <div
      className={`toast toast-${toast.tone ?? 'info'}`}
      data-testid="toast"
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(event) => setFocused(event.currentTarget.contains(event.relatedTarget))}
    >
      <span className="toast-text">{toast.text}</span>
      {action !== undefined && (
        <button type="button" className="toast-action" onClick={action.run} aria-keyshortcuts={action.shortcut === true ? 'Control+Z Meta+Z' : undefined}>
          {action.label}
        </button>
      )}
      <button type="button" className="toast-close" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
