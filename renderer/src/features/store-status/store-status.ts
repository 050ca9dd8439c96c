/** Where secrets are kept, loaded once for the window: the banner and the write-only fields read it. */
import { createContext, createElement, useContext, useEffect, useState, type ReactNode } from 'react';
import type { StoreStatus } from '../../../../shared/ipc-contract';
import { useApi } from '../../api';

const StoreStatusContext = createContext<StoreStatus | undefined>(undefined);

/** Loads the store status and makes it available to {@link useStoreStatus} below it. */
export function StoreStatusProvider({ children }: { children?: ReactNode }) {
  const api = useApi();
  const [status, setStatus] = useState<StoreStatus>();

  useEffect(() => {
    let live = true;
    void api.storeStatus().then((result) => {
      if (live && result.ok) setStatus(result.value);
    });
    return () => {
      live = false;
    };
  }, [api]);

  return createElement(StoreStatusContext, { value: status }, children);
}

/** The store status; `undefined` while loading, when it failed, or without a provider. */
export function useStoreStatus(): StoreStatus | undefined {
  return useContext(StoreStatusContext);
}
