/**
 * "Save to file…": main exports again and writes the file where the user chooses in the OS save
 * dialog (the page never sees or picks the path first). Shows where it went and its permissions.
 */
import { useState } from 'react';
import type { SavedExport } from '../../../../shared/ipc-contract';
import type { AppError, Result } from '../../../../shared/result';
import { AppErrorView } from '../../components/AppErrorView';
import { Spinner } from '../../components/Spinner';
import { Time } from '../../components/Time';

type SaveState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'saved'; saved: SavedExport } | { kind: 'cancelled' } | { kind: 'error'; error: AppError };

interface SaveToFileProps {
  /** Runs saveExport with the current options; `undefined` when the form is not valid. */
  save: () => Promise<Result<SavedExport> | undefined>;
  disabled?: boolean;
  /** The output holds a live token: main signs a new one for the file (said plainly after saving). */
  fresh?: boolean;
}

/** The mode in words. */
export function modeWords(mode: SavedExport['mode']): string {
  return mode === '0600' ? 'mode 0600: only you can read it' : 'mode 0644: others on this computer can read it';
}

function SavedView({ saved, fresh }: { saved: SavedExport; fresh: boolean }) {
  return (
    <div className="save-result" role="status" data-testid="save-result">
      <p>
        <span className="success">✓ Saved</span> to <code data-testid="saved-path">{saved.path}</code> (<span data-testid="saved-mode">{modeWords(saved.mode)}</span>).
      </p>
      {saved.tokenExpiresAt !== undefined && (
        <p data-testid="saved-token">
          {fresh ? 'A freshly signed token was written (not the one shown here); it' : 'The token in the file'} stops working at <Time iso={saved.tokenExpiresAt} />.
        </p>
      )}
      {saved.keptLines > 0 && (
        <p>
          The file&apos;s {saved.keptLines} other {saved.keptLines === 1 ? 'entry was' : 'entries were'} kept below the new line.
        </p>
      )}
      {saved.replacedMode !== undefined && (
        <p>
          The file it replaced was readable by others (mode {saved.replacedMode}); the new one is {saved.mode}.
        </p>
      )}
    </div>
  );
}

export function SaveToFile({ save, disabled = false, fresh = false }: SaveToFileProps) {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });

  const run = async () => {
    setState({ kind: 'busy' });
    const result = await save();
    if (result === undefined) setState({ kind: 'idle' });
    else if (result.ok) setState({ kind: 'saved', saved: result.value });
    else if (result.error.code === 'CANCELLED') setState({ kind: 'cancelled' });
    else setState({ kind: 'error', error: result.error });
  };

  return (
    <>
      <button type="button" onClick={() => void run()} disabled={disabled || state.kind === 'busy'}>
        Save to file…
      </button>
      {state.kind === 'busy' && (
        <span className="inline-status" role="status">
          <Spinner /> Saving…
        </span>
      )}
      {state.kind === 'cancelled' && (
        <span className="inline-status muted" role="status">
          Not saved.
        </span>
      )}
      {state.kind === 'saved' && <SavedView saved={state.saved} fresh={fresh} />}
      {state.kind === 'error' && (
        <div className="callout callout-error" role="alert">
          <AppErrorView error={state.error} title="Not saved" />
        </div>
      )}
    </>
  );
}
