/** The saved DSNs, loaded from the main process, and local updates after save/delete/duplicate/rename/undo. */
import { useCallback, useEffect, useState } from 'react';
import type { SavedDsn } from '../../../../shared/dsn';
import type { AppError } from '../../../../shared/result';
import { useApi } from '../../api';

export type DsnListState = { status: 'loading' } | { status: 'error'; error: AppError } | { status: 'ready'; dsns: SavedDsn[] };

function byName(a: SavedDsn, b: SavedDsn): number {
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
}

export function useDsnList() {
  const api = useApi();
  const [state, setState] = useState<DsnListState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    void api.listDsns().then((result) => {
      if (!live) return;
      setState(result.ok ? { status: 'ready', dsns: [...result.value].sort(byName) } : { status: 'error', error: result.error });
    });
    return () => {
      live = false;
    };
  }, [api, generation]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setGeneration((g) => g + 1);
  }, []);

  /** Loads the list again while the current one stays shown (after an import). */
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);

  const upsert = useCallback((dsn: SavedDsn) => {
    setState((s) => {
      const dsns = s.status === 'ready' ? s.dsns.filter((d) => d.id !== dsn.id) : [];
      return { status: 'ready', dsns: [...dsns, dsn].sort(byName) };
    });
  }, []);

  const remove = useCallback((id: string) => {
    setState((s) => (s.status === 'ready' ? { status: 'ready', dsns: s.dsns.filter((d) => d.id !== id) } : s));
  }, []);

  return { state, reload, refresh, upsert, remove };
}
