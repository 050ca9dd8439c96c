/** Every token refresher of this session (for the status bar): read once, then kept current by main's pushes. */
import { useEffect, useState } from 'react';
import type { RefresherStatus } from '../../../../shared/ipc-contract';
import { useApi } from '../../api';

export function useRefreshers(): RefresherStatus[] {
  const api = useApi();
  const [list, setList] = useState<RefresherStatus[]>([]);
  useEffect(() => {
    let live = true;
    const pushed = new Set<string>();
    const off = api.on('refresherStatus', (next) => {
      pushed.add(next.dsnId);
      setList((current) => [...current.filter((s) => s.dsnId !== next.dsnId), next]);
    });
    void api.refresherStatus().then((result) => {
      // A push that arrived meanwhile is newer than this list.
      if (live && result.ok) setList((current) => [...current, ...result.value.filter((s) => !pushed.has(s.dsnId) && !current.some((c) => c.dsnId === s.dsnId))]);
    });
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return list;
}
