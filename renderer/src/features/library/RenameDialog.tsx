/** Rename a DSN: one field, checked by main; a taken name is shown on the field. */
import { useId, useRef, useState, type FormEvent } from 'react';
import type { SavedDsn } from '../../../../shared/dsn';
import type { AppError } from '../../../../shared/result';
import { useApi } from '../../api';
import { AppErrorView } from '../../components/AppErrorView';
import { Dialog } from '../../components/Dialog';

interface RenameDialogProps {
  dsn: SavedDsn;
  onRenamed: (dsn: SavedDsn) => void;
  onClose: () => void;
}

/** The message to show on the name field, if the error belongs there. */
function nameError(error: AppError): string | undefined {
  const onField = error.fieldErrors?.name?.[0];
  if (error.code === 'NAME_TAKEN') return error.message;
  return onField;
}

export function RenameDialog({ dsn, onRenamed, onClose }: RenameDialogProps) {
  const api = useApi();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(dsn.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError>();
  const fieldError = error === undefined ? undefined : nameError(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (name.trim() === '') {
      setError({ code: 'VALIDATION', message: 'Name is required', fieldErrors: { name: ['Name is required'] } });
      input.current?.focus();
      return;
    }
    setBusy(true);
    const result = await api.renameDsn(dsn.id, name);
    setBusy(false);
    if (result.ok) {
      onRenamed(result.value);
      return;
    }
    setError(result.error);
    input.current?.focus();
  };

  return (
    <Dialog title="Rename DSN" onClose={onClose} initialFocus={input} busy={busy} testId="rename-dialog">
      <form className="dialog-form" noValidate onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={`${id}-name`}>New name</label>
          <input
            id={`${id}-name`}
            ref={input}
            type="text"
            value={name}
            autoComplete="off"
            spellCheck={false}
            maxLength={200}
            aria-invalid={fieldError !== undefined}
            aria-describedby={fieldError !== undefined ? `${id}-error` : undefined}
            onChange={(event) => {
              setName(event.target.value);
              setError(undefined);
            }}
            onFocus={(event) => event.target.select()}
          />
          {fieldError !== undefined && (
            <p id={`${id}-error`} className="field-error" role="alert">
              {fieldError}
            </p>
          )}
        </div>
        {error !== undefined && fieldError === undefined && (
          <div className="callout callout-error" role="alert">
            <AppErrorView error={error} title="Not renamed" />
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Rename
          </button>
        </div>
      </form>
    </Dialog>
  );
}
