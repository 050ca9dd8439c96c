/**
 * Who filled Region. It follows the server name (RDS endpoints name their region) until the user
 * types a region of their own; a chosen AWS profile's region fills it when the endpoint names
 * none. A region the user typed is never overwritten.
 */
import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import { regionFromEndpoint } from '../../../../shared/region';
import type { DsnFormContext } from './dsn-resolver';
import type { DsnFormValues } from './form-values';
import { regionFollowsServer } from './form-values';

/** A region offered by a profile. */
export interface ProfileRegion {
  profile: string;
  region: string;
}

export interface RegionAuto {
  /** True while Region was not typed by the user: empty, from the endpoint, or from a profile. */
  follows: boolean;
  setFollows: (follows: boolean) => void;
  /** The region of the last chosen profile that had one. */
  profileRegion: ProfileRegion | undefined;
  /** A profile was chosen: use its region unless the user set one or the endpoint names one. */
  offerProfileRegion: (offer: ProfileRegion) => void;
  /** The server name changed: follow it (or the profile's region when the name says none). */
  serverChanged: (server: string) => void;
  /** After a save: Region follows again when empty or equal to what the endpoint says. */
  reset: (region: string, server: string) => void;
}

type Form = UseFormReturn<DsnFormValues, DsnFormContext, unknown>;

export function useRegionAutoState(form: Pick<Form, 'getValues' | 'setValue' | 'getFieldState' | 'formState'>, initial: { region: string; server: string }): RegionAuto {
  const { getValues, setValue, getFieldState, formState } = form;
  const [follows, setFollows] = useState(() => regionFollowsServer(initial.region, initial.server));
  const [profileRegion, setProfileRegion] = useState<ProfileRegion>();
  const { isSubmitted } = formState;

  const put = useCallback(
    (region: string) => {
      if (region === getValues('region')) return;
      const validate = getFieldState('region').invalid || isSubmitted;
      setValue('region', region, { shouldDirty: true, shouldValidate: validate });
    },
    [getValues, setValue, getFieldState, isSubmitted],
  );

  const offerProfileRegion = useCallback(
    (offer: ProfileRegion) => {
      setProfileRegion(offer);
      if (follows && regionFromEndpoint(getValues('server')) === undefined) put(offer.region);
    },
    [follows, getValues, put],
  );

  const serverChanged = useCallback(
    (server: string) => {
      if (follows) put(regionFromEndpoint(server) ?? profileRegion?.region ?? '');
    },
    [follows, profileRegion, put],
  );

  const reset = useCallback((region: string, server: string) => setFollows(regionFollowsServer(region, server)), []);

  return useMemo(
    () => ({ follows, setFollows, profileRegion, offerProfileRegion, serverChanged, reset }),
    [follows, profileRegion, offerProfileRegion, serverChanged, reset],
  );
}

export const RegionAutoContext = createContext<RegionAuto | null>(null);

export function useRegionAuto(): RegionAuto {
  const value = useContext(RegionAutoContext);
  if (value === null) throw new Error('useRegionAuto() needs a RegionAutoContext provider');
  return value;
}
