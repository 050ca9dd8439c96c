/**
 * One toast at a time in a polite live region: a message and maybe an action (Undo). It closes by
 * itself after its time, which stops running while the pointer or the focus is on it (so there is
 * time to reach the button). An action marked `shortcut` is Undo: the window's Ctrl+Z / ⌘Z runs it.
 */
import { useEffect, useRef, useState } from 'react';
import { ariaShortcut, withShortcut } from '../shell/commands';

export interface ToastAction {
  label: string;
  run: () => void;
  /** The window's Ctrl+Z / ⌘Z runs it too (Undo). */
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
        <button type="button" className="toast-action" onClick={action.run} aria-keyshortcuts={action.shortcut === true ? ariaShortcut('undo') : undefined} title={action.shortcut === true ? withShortcut('undo', action.label) : undefined}>
          {action.label}
        </button>
      )}
      <button type="button" className="toast-close" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
