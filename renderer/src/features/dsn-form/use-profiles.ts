/** The AWS profiles main reads from the shared config and credentials files, with Refresh. */
import { useCallback, useEffect, useState } from 'react';
import type { AwsProfileInfo, AwsProfileKind } from '../../../../shared/ipc-contract';
import type { AppError } from '../../../../shared/result';
import { useApi } from '../../api';

export type ProfilesState =
  | { status: 'loading' }
  | { status: 'error'; error: AppError }
  | { status: 'ready'; profiles: AwsProfileInfo[] };

/** How each kind of profile is named to the user. */
export const PROFILE_KIND_LABELS: Record<AwsProfileKind, string> = {
  static: 'static keys',
  role: 'role',
  sso: 'SSO',
  process: 'credential_process',
  'web-identity': 'web identity',
  unknown: 'unknown kind',
};

export function useProfiles() {
  const api = useApi();
  const [state, setState] = useState<ProfilesState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    void api.listProfiles().then((result) => {
      if (!live) return;
      setState(result.ok ? { status: 'ready', profiles: result.value } : { status: 'error', error: result.error });
    });
    return () => {
      live = false;
    };
  }, [api, generation]);

  const refresh = useCallback(() => {
    setState({ status: 'loading' });
    setGeneration((g) => g + 1);
  }, []);

  return { state, refresh };
}
