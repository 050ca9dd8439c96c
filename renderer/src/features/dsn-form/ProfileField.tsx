/**
 * "Profile name": an editable combobox (WAI-ARIA list autocomplete) over the profiles of the AWS
 * shared files, each option with its kind, region and whether it needs MFA; Refresh reads the
 * files again. Choosing a profile with a region offers it to Region. Any name may be typed.
 */
import { useState, type KeyboardEvent } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import type { AwsProfileInfo } from '../../../../shared/ipc-contract';
import { AppErrorView } from '../../components/AppErrorView';
import { Spinner } from '../../components/Spinner';
import { FieldMessages, useFieldA11y } from './Field';
import type { DsnFormValues } from './form-values';
import { useRegionAuto } from './region-auto';
import { PROFILE_KIND_LABELS, useProfiles, type ProfilesState } from './use-profiles';

export function ProfileField() {
  const { control, register, setValue } = useFormContext<DsnFormValues>();
  const typed = useWatch({ control, name: 'credentialSource.profile' });
  const { state, refresh } = useProfiles();
  const regionAuto = useRegionAuto();
  const a11y = useFieldA11y('credentialSource.profile', true);
  const listId = `${a11y.id}-list`;
  const [open, setOpen] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const [active, setActive] = useState(-1);

  const profiles = state.status === 'ready' ? state.profiles : [];
  const query = typed.trim().toLowerCase();
  const options = showAll || query === '' ? profiles : profiles.filter((p) => p.name.toLowerCase().includes(query));
  const expanded = open && state.status === 'ready';
  const chosen = profiles.find((p) => p.name === typed.trim());
  const optionId = (index: number) => `${a11y.id}-option-${index}`;

  const openList = (all: boolean) => {
    setShowAll(all);
    setActive(-1);
    setOpen(true);
  };

  const choose = (profile: AwsProfileInfo) => {
    setValue('credentialSource.profile', profile.name, { shouldDirty: true, shouldTouch: true, shouldValidate: true });
    setOpen(false);
    setActive(-1);
    if (profile.region !== undefined && profile.region !== '') regionAuto.offerProfileRegion({ profile: profile.name, region: profile.region });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!expanded) {
        openList(true);
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (options.length === 0 ? -1 : (i + step + options.length) % options.length));
    } else if (event.key === 'Enter' && expanded && options[active] !== undefined) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === 'Escape' && expanded) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <div className="field span-4 profile-field">
      <label htmlFor={a11y.id}>Profile name</label>
      <div className="combobox">
        <input
          id={a11y.id}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          placeholder="default"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 && active < options.length ? optionId(active) : undefined}
          aria-invalid={a11y.error !== undefined}
          aria-describedby={a11y.describedBy}
          {...register('credentialSource.profile', {
            onChange: () => {
              setShowAll(false);
              setActive(-1);
              setOpen(true);
            },
            onBlur: () => setOpen(false),
          })}
          onKeyDown={onKeyDown}
        />
        <button
          type="button"
          className="combobox-toggle"
          tabIndex={-1}
          aria-label="Show profiles"
          aria-controls={listId}
          aria-expanded={expanded}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => {
            document.getElementById(a11y.id)?.focus();
            if (expanded) setOpen(false);
            else openList(true);
          }}
        >
          ▾
        </button>
        <button type="button" onClick={refresh} disabled={state.status === 'loading'} title="Read the AWS profile files again">
          Refresh
        </button>
        <ul id={listId} role="listbox" aria-label="AWS profiles" className="combobox-list" hidden={!expanded} data-testid="profile-list">
          {options.map((profile, index) => (
            <li
              key={profile.name}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'active' : undefined}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(profile)}
            >
              <ProfileSummary profile={profile} />
            </li>
          ))}
          {expanded && options.length === 0 && (
            <li role="presentation" className="muted">
              {profiles.length === 0 ? 'No profiles in the AWS config or credentials file.' : 'No profile matches; the name you type is used as is.'}
            </li>
          )}
        </ul>
      </div>
      <FieldMessages a11y={a11y} hint={<ProfileHint state={state} chosen={chosen} typed={typed.trim()} />} />
      {state.status === 'error' && (
        <div className="callout callout-error" role="alert">
          <AppErrorView error={state.error} title="Could not read the AWS profile files" />
        </div>
      )}
    </div>
  );
}

function ProfileSummary({ profile }: { profile: AwsProfileInfo }) {
  return (
    <>
      <span className="profile-name">{profile.name}</span> <span className="badge">{PROFILE_KIND_LABELS[profile.kind]}</span>{' '}
      <span className="muted">{profile.region !== undefined && profile.region !== '' ? profile.region : 'no region'}</span>
      {profile.needsMfa && (
        <>
          {' '}
          <span className="badge badge-warning">needs MFA</span>
        </>
      )}
    </>
  );
}

function ProfileHint({ state, chosen, typed }: { state: ProfilesState; chosen: AwsProfileInfo | undefined; typed: string }) {
  if (state.status === 'loading') {
    return (
      <span className="inline-status">
        <Spinner /> Reading the AWS profile files…
      </span>
    );
  }
  if (chosen !== undefined) {
    return (
      <span className="profile-chosen" data-testid="profile-details">
        <ProfileSummary profile={chosen} /> <span className="muted">from {chosen.sources.join(' and ')}</span>
      </span>
    );
  }
  if (state.status === 'ready' && typed !== '') return <>Not found in the AWS profile files; it must exist where the app runs.</>;
  return <>A profile from ~/.aws/config or ~/.aws/credentials (SSO, role and credential_process profiles work too).</>;
}
