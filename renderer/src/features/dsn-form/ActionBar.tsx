/**
 * The editor's fixed action bar, always in view: Save (the one primary action), Test connection
 * and Copy psql command, each with its shortcut in the tooltip; what happened last, beside them.
 */
import { ariaShortcut, withShortcut } from '../shell/commands';

export type ActionStatus =
  | { kind: 'none' }
  | { kind: 'saving' }
  | { kind: 'saved'; name: string }
  | { kind: 'invalid'; what: string }
  /** `throughTunnel`: the command connects to the local end of the DSN's SSH tunnel (ssh -L, on Export). */
  | { kind: 'copied'; throughTunnel?: boolean | undefined }
  | { kind: 'copy-failed'; text: string };

interface ActionBarProps {
  formId: string;
  dirty: boolean;
  testing: boolean;
  status: ActionStatus;
  onTest: () => void;
  onCopyPsql: () => void;
}

function StatusText({ status, dirty }: { status: ActionStatus; dirty: boolean }) {
  switch (status.kind) {
    case 'saving':
      return <span>Saving…</span>;
    case 'saved':
      return dirty ? <span className="dirty-text">Unsaved changes</span> : <span className="success">✓ Saved “{status.name}”</span>;
    case 'invalid':
      return <span className="error-text">{status.what}</span>;
    case 'copied':
      return status.throughTunnel === true ? (
        <span className="success">✓ psql command copied — it goes through the SSH tunnel: run the ssh command on Export first</span>
      ) : (
        <span className="success">✓ psql command copied</span>
      );
    case 'copy-failed':
      return <span className="error-text">Could not copy: {status.text}</span>;
    case 'none':
      return dirty ? <span className="dirty-text">Unsaved changes</span> : null;
  }
}

export function ActionBar({ formId, dirty, testing, status, onTest, onCopyPsql }: ActionBarProps) {
  return (
    <div className="action-bar" role="group" aria-label="DSN actions">
      <button type="submit" form={formId} className="primary" title={withShortcut('save')} aria-keyshortcuts={ariaShortcut('save')} disabled={status.kind === 'saving'}>
        Save
      </button>
      <button type="button" onClick={onTest} title={withShortcut('test')} aria-keyshortcuts={ariaShortcut('test')} aria-busy={testing} disabled={testing}>
        Test connection
      </button>
      <button type="button" onClick={onCopyPsql} title={withShortcut('copy-psql')} aria-keyshortcuts={ariaShortcut('copy-psql')}>
        Copy psql command
      </button>
      <span className="action-status" role="status" data-testid="action-status">
        <StatusText status={status} dirty={dirty} />
      </span>
    </div>
  );
}
