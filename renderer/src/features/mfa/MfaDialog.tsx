/**
 * Asks for an MFA code on main's behalf (role=dialog, modal): the device and what it is for, a
 * countdown to when main stops waiting, Submit and Cancel. Escape cancels; at expiry it closes.
 * The code is read from the input on submit and handed on at once: it is never React state.
 */
import { useEffect, useEffectEvent, useId, useRef, useState, type FormEvent } from 'react';
import type { MfaRequest } from '../../../../shared/ipc-contract';
import { Dialog } from '../../components/Dialog';

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
  /** Main (or AWS) refused the last code of this request: shown until the user types again. */
  error?: string | undefined;
  /** AWS is checking the code just given: the dialog waits, its field and Submit disabled. */
  checking?: boolean | undefined;
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

export function MfaDialog({ request, onAnswer, onExpire, error: refused, checking = false }: MfaDialogProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [invalid, setInvalid] = useState<string>();
  // A new refusal shows until the user types again.
  const [typedSince, setTypedSince] = useState<string | undefined>();
  const error = invalid ?? (refused !== undefined && typedSince !== refused ? refused : undefined);
  // Back from checking (a rejected code): the field takes the next code.
  useEffect(() => {
    if (!checking) input.current?.focus();
  }, [checking]);
  const secondsLeft = useSecondsLeft(request.expiresAt, onExpire);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const field = input.current;
    if (field === null) return;
    if (checking) return;
    const code = normalizeCode(field.value);
    if (code === undefined) {
      setInvalid(INVALID);
      field.focus();
      return;
    }
    field.value = '';
    onAnswer(code);
  };

  const errorId = `${id}-error`;
  return (
    <Dialog
      title="MFA code needed"
      className="mfa-dialog"
      testId="mfa-dialog"
      onClose={() => onAnswer(null)}
      initialFocus={input}
      description={
        <>
          <p>
            <span className="mfa-purpose">{request.purpose}</span> needs a one-time code from your MFA device.
          </p>
          <p className="mfa-device">
            Device: <code>{request.mfaSerial}</code>
          </p>
        </>
      }
    >
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
            disabled={checking}
            onChange={() => {
              setInvalid(undefined);
              setTypedSince(refused);
            }}
          />
          <div id={`${id}-hint`} className="field-hint">
            The 6 digits your device shows now. The code is used once and never stored.
          </div>
          {error !== undefined && !checking && (
            <p id={errorId} className="field-error" role="alert">
              {error}
            </p>
          )}
          {checking && (
            <p className="field-hint" role="status" data-testid="mfa-checking">
              Checking the code with AWS…
            </p>
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={() => onAnswer(null)}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={checking}>
            Submit
          </button>
        </div>
      </form>
    </Dialog>
  );
}
