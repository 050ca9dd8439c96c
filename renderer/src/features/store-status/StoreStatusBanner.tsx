/** Tells the user when secrets are kept for this session only, or a corrupt store was recovered. */
import { useState } from 'react';
import { useStoreStatus } from './store-status';

export function StoreStatusBanner() {
  const status = useStoreStatus();
  const [dismissed, setDismissed] = useState(false);

  if (status === undefined || dismissed) return null;
  const sessionOnly = status.secretStorage === 'session-only';
  const recovered = status.recoveredFromCorruptFile;
  if (!sessionOnly && recovered === undefined) return null;

  return (
    <div className="banner banner-warning" role="status" data-testid="store-status">
      <div className="banner-text">
        {sessionOnly && (
          <p>
            <strong>Passwords and secret keys are kept for this session only.</strong> No OS keychain encryption is available, so database
            passwords, secret access keys and session tokens are not written to disk and must be entered again after a restart.
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
