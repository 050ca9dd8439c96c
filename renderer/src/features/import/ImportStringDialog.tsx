/**
 * The paste box (modal): a connection string in, what was recognised and ignored out, then
 * "Create DSN" opens a NEW, unsaved DSN form filled with it. Parsing happens here in the page with
 * the shared importer: the pasted text (which may hold a password) never goes to the main process,
 * and a password or token in it is never kept.
 */
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { importConnectionString, type ImportOutcome } from '../../../../shared/formats';
import type { AppError } from '../../../../shared/result';
import { AppErrorView } from '../../components/AppErrorView';
import { Dialog } from '../../components/Dialog';
import { type DsnDraft, maskUserinfo, namedDraft } from './draft';
import { ImportOutcomeView } from './ImportOutcomeView';

interface ImportStringDialogProps {
  /** "Create DSN": the fields to pre-fill a new DSN with. */
  onCreate: (draft: DsnDraft) => void;
  onClose: () => void;
}

type ParseState = { kind: 'idle' } | { kind: 'parsed'; outcome: ImportOutcome } | { kind: 'error'; error: AppError };

export function ImportStringDialog({ onCreate, onClose }: ImportStringDialogProps) {
  const id = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [state, setState] = useState<ParseState>({ kind: 'idle' });

  const parse = () => {
    const result = importConnectionString(text);
    if (result.ok) setState({ kind: 'parsed', outcome: result.value });
    else setState({ kind: 'error', error: { ...result.error, message: maskUserinfo(result.error.message) } });
  };

  const create = () => {
    if (state.kind !== 'parsed') return;
    setText('');
    onCreate(namedDraft({ ...state.outcome.dsn, verification: state.outcome.verification }));
  };

  const onTextKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      parse();
    }
  };

  return (
    <Dialog
      title="Import a connection string"
      className="import-dialog"
      size="wide"
      onClose={onClose}
      initialFocus={textarea}
      description={
        <p className="muted">
          A libpq URI or key=value string, an ODBC string, a JDBC URL, psql or PG* export lines, or the JSON export. Nothing is saved,
          connected or run; a password or token in it is not kept.
        </p>
      }
    >
      <div className="field">
        <label htmlFor={`${id}-text`}>Connection string</label>
        <textarea
          id={`${id}-text`}
          ref={textarea}
          rows={4}
          value={text}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => {
            setText(event.target.value);
            if (state.kind !== 'idle') setState({ kind: 'idle' });
          }}
          onKeyDown={onTextKeyDown}
        />
      </div>
      <div className="dialog-actions import-actions">
        <button type="button" onClick={parse} disabled={text.trim() === ''}>
          Parse
        </button>
      </div>
      {state.kind === 'error' && (
        <div className="callout callout-error" role="alert" data-testid="import-error">
          <AppErrorView error={state.error} title="Could not read the string" />
        </div>
      )}
      {state.kind === 'parsed' && <ImportOutcomeView outcome={state.outcome} />}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={create} disabled={state.kind !== 'parsed'}>
          Create DSN
        </button>
      </div>
    </Dialog>
  );
}
