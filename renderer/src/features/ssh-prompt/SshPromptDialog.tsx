/**
 * The modal dialog of an SSH question. Host key: the bastion, the key type and its SHA256
 * fingerprint (to compare with the one its admin gives), "Accept and remember" or "Refuse" —
 * Refuse has the focus, Escape refuses: nothing is ever accepted by default. Passphrase: a
 * password field read on submit and handed on at once (never React state, never stored).
 */
import { useEffect, useEffectEvent, useId, useRef, type FormEvent, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { SshPromptAnswer, SshPromptRequest } from '../../../../shared/ipc-contract';
import { trapTab, useModal } from '../../components/modal';

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
  const id = useId();
  const backdrop = useRef<HTMLDivElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const refuseButton = useRef<HTMLButtonElement>(null);
  const passphrase = useRef<HTMLInputElement>(null);
  // Refusing is where the focus starts: Enter on an unread dialog never accepts a key.
  useModal(backdrop, request.kind === 'host-key' ? refuseButton : passphrase);
  useExpiry(request.expiresAt, onExpire);
  const refuse: SshPromptAnswer = request.kind === 'host-key' ? { accept: false } : { secret: null };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onAnswer(refuse);
      return;
    }
    trapTab(event, dialog.current);
  };

  const submitPassphrase = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const field = passphrase.current;
    if (field === null) return;
    const secret = field.value;
    field.value = '';
    onAnswer({ secret: secret === '' ? null : secret });
  };

  const where = request.kind === 'host-key' ? (request.port === 22 ? request.host : `${request.host} port ${request.port}`) : '';
  return createPortal(
    <div className="dialog-backdrop" ref={backdrop}>
      <div ref={dialog} className="dialog ssh-dialog" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`} onKeyDown={onKeyDown} data-testid="ssh-prompt-dialog">
        {request.kind === 'host-key' ? (
          <>
            <h2 id={`${id}-title`}>Unknown SSH host key</h2>
            <div id={`${id}-body`} className="dialog-body">
              <p>
                <span className="mfa-purpose">{request.purpose}</span> connects through <strong>{where}</strong>, whose host key is in no known_hosts file.
              </p>
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
            </div>
            <div className="dialog-actions">
              <button type="button" ref={refuseButton} onClick={() => onAnswer({ accept: false })}>
                Refuse
              </button>
              <button type="button" className="primary" onClick={() => onAnswer({ accept: true })}>
                Accept and remember
              </button>
            </div>
          </>
        ) : (
          <>
            <h2 id={`${id}-title`}>Key passphrase needed</h2>
            <div id={`${id}-body`} className="dialog-body">
              <p>
                <span className="mfa-purpose">{request.purpose}</span> uses the encrypted key <code>{request.keyFile}</code>.
              </p>
              {request.retry && (
                <p className="field-error" role="alert">
                  That passphrase was wrong. Try again.
                </p>
              )}
            </div>
            <form className="mfa-form" noValidate onSubmit={submitPassphrase}>
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
          </>
        )}
      </div>
    </div>,
    document.body,
  );
}
