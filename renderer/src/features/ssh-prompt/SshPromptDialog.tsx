/**
 * The modal dialog of an SSH question, on the app's one Dialog (native `<dialog>`). Host key: the
 * bastion, the key type and its SHA256 fingerprint (to compare with the one its admin gives),
 * "Accept and remember" or "Refuse" — Refuse has the focus, Escape refuses: nothing is ever
 * accepted by default. Passphrase: a password field read on submit and handed on at once (never
 * React state, never stored).
 */
import { useEffect, useEffectEvent, useId, useRef, type FormEvent } from 'react';
import type { SshPromptAnswer, SshPromptRequest } from '../../../../shared/ipc-contract';
import { Dialog } from '../../components/Dialog';

interface SshPromptDialogProps {
  request: SshPromptRequest;
  onAnswer: (answer: SshPromptAnswer) => void;
  /** Main stopped waiting (expiresAt passed). */
  onExpire: () => void;
}

function useExpiry(expiresAt: string, onExpire: () => void): void {
  const expire = useEffectEvent(onExpire);
  useEffect(() => {
    const deadline = Date.parse(expiresAt);
    if (Number.isNaN(deadline)) return;
    const timer = setTimeout(() => expire(), Math.max(0, deadline - Date.now()));
    return () => clearTimeout(timer);
  }, [expiresAt]);
}

export function SshPromptDialog({ request, onAnswer, onExpire }: SshPromptDialogProps) {
  useExpiry(request.expiresAt, onExpire);
  return request.kind === 'host-key' ? <HostKeyDialog request={request} onAnswer={onAnswer} /> : <PassphraseDialog request={request} onAnswer={onAnswer} />;
}

function HostKeyDialog({ request, onAnswer }: { request: Extract<SshPromptRequest, { kind: 'host-key' }>; onAnswer: (answer: SshPromptAnswer) => void }) {
  // Refusing is where the focus starts: Enter on an unread dialog never accepts a key.
  const refuseButton = useRef<HTMLButtonElement>(null);
  const where = request.port === 22 ? request.host : `${request.host} port ${request.port}`;
  return (
    <Dialog
      title="Unknown SSH host key"
      className="ssh-dialog"
      testId="ssh-prompt-dialog"
      onClose={() => onAnswer({ accept: false })}
      initialFocus={refuseButton}
      description={
        <p>
          <span className="mfa-purpose">{request.purpose}</span> connects through <strong>{where}</strong>, whose host key is in no known_hosts file.
        </p>
      }
    >
      <p>Compare the fingerprint with the one the bastion&apos;s admin gives you (ssh-keygen -lf on the bastion) before you accept it:</p>
      <p className="fingerprint">
        {request.keyType} <code data-testid="host-key-fingerprint">{request.fingerprint}</code>
      </p>
      {request.certAuthority !== undefined && (
        <p data-testid="host-key-cert-authority">
          <code>{request.certAuthority}</code> trusts a certificate authority for this host, but the app checks plain host keys only (no host certificates): compare the fingerprint itself.
        </p>
      )}
      <p className="muted">Accepted keys are remembered in the app&apos;s own known-hosts file. A key that later changes is refused.</p>
      <div className="dialog-actions">
        <button type="button" ref={refuseButton} onClick={() => onAnswer({ accept: false })}>
          Refuse
        </button>
        <button type="button" className="primary" onClick={() => onAnswer({ accept: true })}>
          Accept and remember
        </button>
      </div>
    </Dialog>
  );
}

function PassphraseDialog({ request, onAnswer }: { request: Extract<SshPromptRequest, { kind: 'passphrase' }>; onAnswer: (answer: SshPromptAnswer) => void }) {
  const id = useId();
  const passphrase = useRef<HTMLInputElement>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const field = passphrase.current;
    if (field === null) return;
    const secret = field.value;
    field.value = '';
    onAnswer({ secret: secret === '' ? null : secret });
  };
  return (
    <Dialog
      title="Key passphrase needed"
      className="ssh-dialog"
      testId="ssh-prompt-dialog"
      onClose={() => onAnswer({ secret: null })}
      initialFocus={passphrase}
      description={
        <p>
          <span className="mfa-purpose">{request.purpose}</span> uses the encrypted key <code>{request.keyFile}</code>.
        </p>
      }
    >
      {request.retry && (
        <p className="field-error" role="alert">
          That passphrase was wrong. Try again.
        </p>
      )}
      <form className="mfa-form" noValidate onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-passphrase`}>Passphrase</label>
          <input id={`${id}-passphrase`} ref={passphrase} type="password" autoComplete="off" spellCheck={false} aria-describedby={`${id}-hint`} />
          <div id={`${id}-hint`} className="field-hint">
            Used once to unlock the key, never stored.
          </div>
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={() => onAnswer({ secret: null })}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Unlock
          </button>
        </div>
      </form>
    </Dialog>
  );
}
