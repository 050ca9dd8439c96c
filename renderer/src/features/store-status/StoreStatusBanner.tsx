/** Tells the user when secrets are kept for this session only, or a corrupt store was recovered. */
import { useEffect, useState } from 'react';
import type { StoreStatus } from '../../../../shared/ipc-contract';
import { useApi } from '../../api';

export function StoreStatusBanner() {
  const api = useApi();
  const [status, setStatus] = useState<StoreStatus>();
  const [dismissed, setDismissed] = useState(false);

  useEffect(() => {
    let live = true;
    void api.storeStatus().then((result) => {
      if (live && result.ok) setStatus(result.value);
    });
    return () => {
      live = false;
    };
  }, [api]);

  if (status === undefined || dismissed) return null;
  const sessionOnly = status.secretStorage === 'session-only';
  const recovered = status.recoveredFromCorruptFile;
  if (!sessionOnly && recovered === undefined) return null;

  return (
    <div className="banner banner-warning" role="status" data-testid="store-status">
      <div className="banner-text">
        {sessionOnly && (
          <p>
            <strong>Passwords are kept for this session only.</strong> No OS keychain encryption is available, so database passwords are not
            written to disk and must be entered again after a restart.
          </p>
        )}
        {recovered !== undefined && (
          <p>
            <strong>The saved DSNs file was damaged and has been reset.</strong> The damaged file was kept at <code>{recovered}</code>.
          </p>
        )}
        <p className="muted">
          Settings file: <code>{status.storePath}</code>
        </p>
      </div>
      <button type="button" className="banner-close" onClick={() => setDismissed(true)}>
        Dismiss
      </button>
    </div>
  );
}
