/**
 * "Save to file…": main exports again and writes the file where the user chooses in the OS save
 * dialog (the page never sees or picks the path first). Shows where it went, who can read it (file
 * modes where the OS has them: not on Windows) and what became of a .pgpass file's other lines.
 */
import { useState } from 'react';
import type { HostPlatform, SavedExport } from '../../../../shared/ipc-contract';
import type { AppError, Result } from '../../../../shared/result';
import { AppErrorView } from '../../components/AppErrorView';
import { Spinner } from '../../components/Spinner';
import { Time } from '../../components/Time';
import { useApi } from '../../api';

type SaveState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'saved'; saved: SavedExport } | { kind: 'cancelled' } | { kind: 'error'; error: AppError };

interface SaveToFileProps {
  /** Runs saveExport with the current options; `undefined` when the form is not valid. */
  save: () => Promise<Result<SavedExport> | undefined>;
  disabled?: boolean;
  /** The output holds a live token: main signs a new one for the file (said plainly after saving). */
  fresh?: boolean;
}

/** Who can read the file, in words: its mode where modes mean something; on Windows, whether it holds a secret. */
export function modeWords(mode: SavedExport['mode'], platform: HostPlatform): string {
  if (platform === 'win32') return mode === '0600' ? 'it holds a secret, and Windows has no file modes: it is as private as the folder you chose' : 'it holds no secret';
  return mode === '0600' ? 'mode 0600: only you can read it' : 'mode 0644: others on this computer can read it';
}

/** What happened to a .pgpass file's lines, as pgpass-file.ts does it: this DSN's line only, every other byte kept. */
function pgpassWords(saved: SavedExport): string | undefined {
  const others = saved.keptLines === 0 ? '' : ` The file's ${saved.keptLines} other ${saved.keptLines === 1 ? 'entry was' : 'entries were'} kept byte for byte, in their order.`;
  switch (saved.pgpassLine) {
    case 'replaced':
      return `This DSN's line was replaced where it was.${others}`;
    case 'before-wildcard':
      return `This DSN's line was put just before the first wildcard (*) line that matched it, since libpq uses the first matching line.${others}`;
    case 'added':
      return others === '' ? undefined : `This DSN's line was added at the end.${others}`;
    case undefined:
      return others === '' ? undefined : others.trim();
  }
}

function SavedView({ saved, fresh, platform }: { saved: SavedExport; fresh: boolean; platform: HostPlatform }) {
  const lines = pgpassWords(saved);
  return (
    <div className="save-result" role="status" data-testid="save-result">
      <p>
        <span className="success">✓ Saved</span> to <code data-testid="saved-path">{saved.path}</code> (<span data-testid="saved-mode">{modeWords(saved.mode, platform)}</span>).
      </p>
      {saved.tokenExpiresAt !== undefined && (
        <p data-testid="saved-token">
          {fresh ? 'A freshly signed token was written (not the one shown here); it' : 'The token in the file'} stops working at <Time iso={saved.tokenExpiresAt} />.
        </p>
      )}
      {lines !== undefined && <p data-testid="saved-lines">{lines}</p>}
      {saved.replacedMode !== undefined && platform !== 'win32' && (
        <p>
          The file it replaced was readable by others (mode {saved.replacedMode}); the new one is {saved.mode}.
        </p>
      )}
    </div>
  );
}

export function SaveToFile({ save, disabled = false, fresh = false }: SaveToFileProps) {
  const { platform } = useApi();
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
      {state.kind === 'saved' && <SavedView saved={state.saved} fresh={fresh} platform={platform} />}
      {state.kind === 'error' && (
        <div className="callout callout-error" role="alert">
          <AppErrorView error={state.error} title="Not saved" />
        </div>
      )}
    </>
  );
}
