/** The status line of a token refresher: state, last and next refresh, token expiry, and the last error with its hint. */
import type { RefresherStatus } from '../../../../shared/ipc-contract';
import { AppErrorView } from '../../components/AppErrorView';
import { Time } from '../../components/Time';

function At({ iso }: { iso: string | null }) {
  return iso === null ? <>—</> : <Time iso={iso} />;
}

const STATE_LABEL: Record<RefresherStatus['state'], string> = {
  running: 'Running',
  stopped: 'Stopped',
  error: 'Failing',
};

export function RefresherStatusView({ status }: { status: RefresherStatus }) {
  const retrying = status.state === 'error' && status.nextRefreshAt !== null;
  return (
    <div className={`refresher-status refresher-${status.state}`} data-testid="refresher-status">
      <p role="status" className="refresher-line">
        <strong>{STATE_LABEL[status.state]}</strong>
        {status.state === 'error' && !retrying && ' (stopped)'}
        {' · '}
        <span className="refresher-file">{status.target.path}</span>
        {status.pgpassEntry !== undefined && (
          <>
            {' · line '}
            <code>{status.pgpassEntry}</code>
          </>
        )}
      </p>
      <dl className="refresher-facts">
        <div>
          <dt>Last refresh</dt>
          <dd>
            <At iso={status.lastRefreshAt} />
            {status.refreshCount > 0 && <span className="muted"> (#{status.refreshCount})</span>}
          </dd>
        </div>
        <div>
          <dt>{retrying ? 'Next retry' : 'Next refresh'}</dt>
          <dd>
            <At iso={status.nextRefreshAt} />
          </dd>
        </div>
        <div>
          <dt>Token in the file valid until</dt>
          <dd>
            <At iso={status.tokenExpiresAt} />
          </dd>
        </div>
      </dl>
      {status.lastError !== undefined && (
        <div className="callout callout-error" role="alert">
          <AppErrorView error={status.lastError} title={retrying ? 'The last refresh failed; the file keeps its previous token' : 'The refresher stopped after a failure'} />
        </div>
      )}
    </div>
  );
}
