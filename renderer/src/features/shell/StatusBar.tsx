/**
 * The status bar: where secrets are kept (OS keychain, or this session only) and the store file,
 * a damaged store that was reset, the token refreshers running with their next refresh (a click
 * opens the DSN's Token files), and that they stop when the app quits.
 */
import { useMemo, useRef, useState } from 'react';
import type { RefresherStatus } from '../../../../shared/ipc-contract';
import { Dialog } from '../../components/Dialog';
import { Time } from '../../components/Time';
import { useStoreStatus } from '../store-status/store-status';
import { useRefreshers } from '../token-refresher/use-refreshers';

interface StatusBarProps {
  /** The name of a saved DSN, for the refresher item. */
  nameOf: (id: string) => string | undefined;
  onOpenRefresher: (dsnId: string) => void;
}

function isActive(s: RefresherStatus): boolean {
  return s.state === 'running' || (s.state === 'error' && s.nextRefreshAt !== null);
}

export function StatusBar({ nameOf, onOpenRefresher }: StatusBarProps) {
  const store = useStoreStatus();
  const refreshers = useRefreshers();
  const [details, setDetails] = useState(false);
  const close = useRef<HTMLButtonElement>(null);
  const active = useMemo(() => refreshers.filter(isActive).sort((a, b) => (a.nextRefreshAt ?? '').localeCompare(b.nextRefreshAt ?? '')), [refreshers]);
  const failing = active.filter((s) => s.state === 'error');
  const next = active[0];
  const sessionOnly = store?.secretStorage === 'session-only';
  const recovered = store?.recoveredFromCorruptFile;

  return (
    <footer className="status-bar" aria-label="Status" data-testid="status-bar">
      <button type="button" className={`status-item${sessionOnly || recovered !== undefined ? ' status-warning' : ''}`} onClick={() => setDetails(true)} disabled={store === undefined}>
        {store === undefined
          ? 'Store…'
          : recovered !== undefined
            ? '⚠ The store was damaged and reset'
            : sessionOnly
              ? '⚠ Secrets kept for this session only'
              : 'Secrets encrypted by the OS keychain'}
      </button>
      {next !== undefined && (
        <button type="button" className={`status-item${failing.length > 0 ? ' status-warning' : ''}`} onClick={() => onOpenRefresher(next.dsnId)} data-testid="status-refreshers">
          {active.length} token file{active.length === 1 ? '' : 's'} refreshing
          {failing.length > 0 ? ` (${failing.length} failing)` : ''} · next: {nameOf(next.dsnId) ?? 'a DSN'}
          {next.nextRefreshAt !== null && (
            <>
              {' '}
              at <Time iso={next.nextRefreshAt} />
            </>
          )}
        </button>
      )}
      <span className="status-spacer" />
      {active.length > 0 && <span className="status-item status-note">Refreshers stop when the app quits</span>}
      {details && store !== undefined && (
        <Dialog title="Where DSNs and secrets are kept" onClose={() => setDetails(false)} initialFocus={close}>
          <dl className="store-details">
            <dt>Settings file</dt>
            <dd>
              <code>{store.storePath}</code>
            </dd>
            <dt>Passwords and secret keys</dt>
            <dd>
              {sessionOnly
                ? 'Kept for this session only: no OS keychain encryption is available, so they are not written to disk and must be entered again after a restart.'
                : 'Encrypted with the OS keychain (Electron safeStorage) before they are written.'}
            </dd>
            {recovered !== undefined && (
              <>
                <dt>Damaged file</dt>
                <dd>
                  The saved DSNs file could not be read and was reset; the damaged file was kept at <code>{recovered}</code>.
                </dd>
              </>
            )}
          </dl>
          <div className="dialog-actions">
            <button type="button" ref={close} onClick={() => setDetails(false)}>
              Close
            </button>
          </div>
        </Dialog>
      )}
    </footer>
  );
}
