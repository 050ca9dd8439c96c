/**
 * Asks for an MFA code on main's behalf (role=dialog, modal): the device and what it is for, a
 * countdown to when main stops waiting, Submit and Cancel. Escape cancels; at expiry it closes.
 * The code is read from the input on submit and handed on at once: it is never React state.
 */
import { useEffect, useEffectEvent, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { MfaRequest } from '../../../../shared/ipc-contract';
import { trapTab, useModal } from '../../components/modal';

const CODE = /^\d{6}$/;
const INVALID = 'Enter the 6 digits your MFA device shows';

/** The code as typed ("123 456", "123-456") as six digits, or undefined (main's rule too). */
export function normalizeCode(text: string): string | undefined {
  const digits = text.replace(/[\s-]/g, '');
  return CODE.test(digits) ? digits : undefined;
}

interface MfaDialogProps {
  request: MfaRequest;
  /** The code typed, or `null` when the user cancelled. */
  onAnswer: (code: string | null) => void;
  /** Main stopped waiting (expiresAt passed). */
  onExpire: () => void;
  /** Shown at once: main refused the previous code of this request. */
  initialError?: string | undefined;
}

/** Seconds as m:ss. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function useSecondsLeft(expiresAt: string, onExpire: () => void): number | undefined {
  const deadline = Date.parse(expiresAt);
  const [now, setNow] = useState(() => Date.now());
  const expire = useEffectEvent(onExpire);

  useEffect(() => {
    if (Number.isNaN(deadline)) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    const end = setTimeout(() => expire(), Math.max(0, deadline - Date.now()));
    return () => {
      clearInterval(tick);
      clearTimeout(end);
    };
  }, [deadline]);

  return Number.isNaN(deadline) ? undefined : Math.max(0, Math.ceil((deadline - now) / 1000));
}

export function MfaDialog({ request, onAnswer, onExpire, initialError }: MfaDialogProps) {
  const id = useId();
  const backdrop = useRef<HTMLDivElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState(initialError);
  const secondsLeft = useSecondsLeft(request.expiresAt, onExpire);
  useModal(backdrop, input);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const field = input.current;
    if (field === null) return;
    const code = normalizeCode(field.value);
    if (code === undefined) {
      setError(INVALID);
      field.focus();
      return;
    }
    field.value = '';
    onAnswer(code);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onAnswer(null);
      return;
    }
    trapTab(event, dialog.current);
  };

  const errorId = `${id}-error`;
  return createPortal(
    <div className="dialog-backdrop" ref={backdrop}>
      <div
        ref={dialog}
        className="dialog mfa-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-body`}
        onKeyDown={onKeyDown}
        data-testid="mfa-dialog"
      >
        <h2 id={`${id}-title`}>MFA code needed</h2>
        <div id={`${id}-body`} className="dialog-body">
          <p>
            <span className="mfa-purpose">{request.purpose}</span> needs a one-time code from your MFA device.
          </p>
          <p className="mfa-device">
            Device: <code>{request.mfaSerial}</code>
          </p>
        </div>
        {secondsLeft !== undefined && (
          <p className="mfa-countdown">
            Time left: <span role="timer" aria-live="off" aria-atomic="true">{formatCountdown(secondsLeft)}</span>
          </p>
        )}
        <form className="mfa-form" noValidate onSubmit={submit}>
          <div className="field">
            <label htmlFor={`${id}-code`}>MFA code</label>
            <input
              id={`${id}-code`}
              ref={input}
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              spellCheck={false}
              maxLength={9}
              aria-invalid={error !== undefined}
              aria-describedby={error !== undefined ? `${id}-hint ${errorId}` : `${id}-hint`}
              onChange={() => setError(undefined)}
            />
            <div id={`${id}-hint`} className="field-hint">
              The 6 digits your device shows now. The code is used once and never stored.
            </div>
            {error !== undefined && (
              <p id={errorId} className="field-error" role="alert">
                {error}
              </p>
            )}
          </div>
          <div className="dialog-actions">
            <button type="button" onClick={() => onAnswer(null)}>
              Cancel
            </button>
            <button type="submit" className="primary">
              Submit
            </button>
          </div>
        </form>
      </div>
    </div>,
    document.body,
  );
}
