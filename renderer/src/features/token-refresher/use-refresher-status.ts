/**
 * The token refresher status of one DSN: read once from main, then kept current by the
 * `refresherStatus` events main pushes (and by the answers of start/stop, via `setStatus`).
 */
import { useEffect, useState } from 'react';
import type { RefresherStatus } from '../../../../shared/ipc-contract';
import { useApi } from '../../api';

export function useRefresherStatus(dsnId: string): [RefresherStatus | undefined, (status: RefresherStatus) => void] {
  const api = useApi();
  const [status, setStatus] = useState<RefresherStatus>();

  useEffect(() => {
    let live = true;
    let pushed = false;
    const off = api.on('refresherStatus', (next) => {
      if (next.dsnId !== dsnId) return;
      pushed = true;
      setStatus(next);
    });
    void api.refresherStatus().then((result) => {
      // A push that arrived meanwhile is newer than this list.
      if (!live || pushed || !result.ok) return;
      setStatus(result.value.find((s) => s.dsnId === dsnId));
    });
    return () => {
      live = false;
      off();
    };
  }, [api, dsnId]);

  return [status, setStatus];
}
