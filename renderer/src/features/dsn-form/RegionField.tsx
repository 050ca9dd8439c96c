/**
 * Region, auto-filled from the server name as the user types it (or from a chosen AWS profile
 * when the name says none), until the user types a region of their own. Emptying the field (or
 * typing what the endpoint or profile says) hands it back to auto-fill.
 */
import type { ChangeEvent, ReactNode } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { regionFromEndpoint } from '../../../../shared/region';
import { TextField } from './Field';
import type { DsnFormValues } from './form-values';
import { useRegionAuto } from './region-auto';

export function RegionField({ className }: { className?: string }) {
  const { control, setValue } = useFormContext<DsnFormValues>();
  const { follows, setFollows: onFollowsChange, profileRegion } = useRegionAuto();
  const [server, region, authType] = useWatch({ control, name: ['server', 'region', 'authType'] });
  const detected = regionFromEndpoint(server);
  const current = region.trim();

  let hint: ReactNode;
  if (detected !== undefined && current === detected) {
    hint = <span className="detected">Detected from endpoint</span>;
  } else if (detected !== undefined && !follows) {
    hint = (
      <span>
        You set this; the endpoint name says <code>{detected}</code>.{' '}
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setValue('region', detected, { shouldDirty: true, shouldValidate: true });
            onFollowsChange(true);
          }}
        >
          Use {detected}
        </button>
      </span>
    );
  } else if (detected === undefined && follows && profileRegion !== undefined && current === profileRegion.region) {
    hint = <span className="detected">From profile “{profileRegion.profile}”</span>;
  } else if (authType === 'iam') {
    hint = server.trim() === '' ? 'Filled in from the server name for RDS endpoints' : 'The AWS region the token is signed for, e.g. us-east-1';
  }

  return (
    <TextField
      name="region"
      label="Region"
      className={className}
      hint={hint}
      placeholder="us-east-1"
      onValueChange={(event: ChangeEvent<HTMLInputElement>) => {
        const value = event.target.value.trim();
        onFollowsChange(value === '' || value === detected || (detected === undefined && value === profileRegion?.region));
      }}
    />
  );
}
