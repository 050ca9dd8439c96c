/**
 * The right pane: the DSN form (react-hook-form + the shared zod schema), Save, and the Test
 * connection and Export panels, which act on the form's current values, saved or not.
 */
import { useCallback, useEffect, useState } from 'react';
import { FormProvider, useForm, useWatch } from 'react-hook-form';
import { defaultDsn, dsnInputSchema, type DsnInput, type FieldErrors, type SavedDsn } from '../../../../shared/dsn';
import type { AppError } from '../../../../shared/result';
import { useApi } from '../../api';
import { AppErrorView } from '../../components/AppErrorView';
import { Spinner } from '../../components/Spinner';
import { ExportPanel } from '../export/ExportPanel';
import { IamSetupPanel } from '../iam-setup/IamSetupPanel';
import { type DsnDraft, draftFormValues } from '../import/draft';
import { TestConnectionPanel } from '../test-connection/TestConnectionPanel';
import { TokenRefresherPanel } from '../token-refresher/TokenRefresherPanel';
import { AdvancedFields } from './AdvancedFields';
import { AuthFields } from './AuthFields';
import { ConnectionFields } from './ConnectionFields';
import { candidateOptions, dsnFormResolver, type DsnFormContext } from './dsn-resolver';
import { ADVANCED_FIELDS, toDsnInputCandidate, toFormValues, type DsnFormValues } from './form-values';
import { RegionAutoContext, useRegionAutoState } from './region-auto';
import { applyServerFieldErrors } from './server-errors';

interface DsnEditorProps {
  /** The DSN being edited; `undefined` for a new one. Remount (key) to switch DSNs. */
  saved: SavedDsn | undefined;
  onSaved: (saved: SavedDsn) => void;
  /** For a new DSN: fields of an imported connection string to start with (the form is not saved). */
  draft?: DsnDraft | undefined;
}

function hasAdvancedValues(saved: DsnDraft | undefined): boolean {
  if (saved === undefined) return false;
  const d = defaultDsn();
  return (
    (saved.stsEndpoint ?? '') !== '' ||
    (saved.connectViaHost ?? '') !== '' ||
    saved.connectViaPort !== undefined ||
    (saved.caBundlePath ?? '') !== '' ||
    (saved.connectTimeoutSeconds ?? d.connectTimeoutSeconds) !== d.connectTimeoutSeconds ||
    (saved.queryTimeoutSeconds ?? d.queryTimeoutSeconds) !== d.queryTimeoutSeconds
  );
}

export function DsnEditor({ saved, onSaved, draft }: DsnEditorProps) {
  const api = useApi();
  const context: DsnFormContext = { stored: saved };
  const methods = useForm<DsnFormValues, DsnFormContext, DsnInput>({
    defaultValues: saved === undefined && draft !== undefined ? draftFormValues(draft) : toFormValues(saved),
    resolver: dsnFormResolver,
    mode: 'onChange',
    context,
  });
  const { control, formState, handleSubmit, reset, setError, trigger, getValues } = methods;
  const authType = useWatch({ control, name: 'authType' });
  const start = saved ?? draft;
  const regionAuto = useRegionAutoState(methods, { region: start?.region ?? '', server: start?.server ?? '' });
  const [advancedOpen, setAdvancedOpen] = useState(() => hasAdvancedValues(start));
  const [savedName, setSavedName] = useState<string>();
  const [formError, setFormError] = useState<AppError>();

  const advancedHasError = ADVANCED_FIELDS.some((field) => formState.errors[field] !== undefined);
  const showAdvanced = advancedOpen || advancedHasError;

  /** Shows main's field errors on the fields; the rest above the form. */
  const showServerErrors = useCallback(
    (error: AppError) => {
      const unplaced = applyServerFieldErrors(setError, error.fieldErrors);
      const placedAny = Object.keys(error.fieldErrors ?? {}).length > unplaced.length;
      if (!placedAny || unplaced.length > 0) {
        setFormError({ ...error, detail: [error.detail, ...unplaced].filter((s) => s !== undefined && s !== '').join('\n') });
      }
    },
    [setError],
  );

  const onFieldErrors = useCallback(
    (fieldErrors: FieldErrors) => showServerErrors({ code: 'VALIDATION', message: 'Some fields need attention.', fieldErrors }),
    [showServerErrors],
  );

  /** Validates the whole form (errors shown, first one focused); the DSN input when valid. */
  const getValidInput = useCallback(async (): Promise<DsnInput | undefined> => {
    const valid = await trigger(undefined, { shouldFocus: true });
    if (!valid) return undefined;
    const parsed = dsnInputSchema.safeParse(toDsnInputCandidate(getValues(), candidateOptions({ stored: saved })));
    return parsed.success ? parsed.data : undefined;
  }, [trigger, getValues, saved]);

  const save = handleSubmit(async (input) => {
    setFormError(undefined);
    setSavedName(undefined);
    const result = await api.saveDsn(input);
    if (!result.ok) {
      const { error } = result;
      if (error.code === 'VALIDATION') showServerErrors(error);
      else if (error.code === 'NAME_TAKEN' && error.fieldErrors === undefined) setError('name', { type: 'server', message: error.message }, { shouldFocus: true });
      else setFormError(error);
      return;
    }
    // Write-only secrets leave the form (and the DOM) here.
    reset(toFormValues(result.value));
    regionAuto.reset(result.value.region, result.value.server);
    setSavedName(result.value.name);
    onSaved(result.value);
  });

  // An imported draft: show at once what is still missing, and start at Name.
  const isDraft = saved === undefined && draft !== undefined;
  useEffect(() => {
    if (!isDraft) return;
    void trigger().then(() => methods.setFocus('name'));
    // Once, when the draft's form mounts (the editor remounts for another DSN).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const title = saved?.name ?? (isDraft ? 'New DSN (imported)' : 'New DSN');
  return (
    <FormProvider {...methods}>
      <RegionAutoContext value={regionAuto}>
        <div className="editor">
          <header className="editor-header">
            <h2>{title}</h2>
            {saved !== undefined && <p className="muted">Last saved {new Date(saved.updatedAt).toLocaleString()}</p>}
          </header>
          <form className="dsn-form" aria-label={`DSN ${title}`} noValidate onSubmit={(event) => void save(event)}>
            {formError !== undefined && (
              <div className="callout callout-error" role="alert">
                <AppErrorView error={formError} title="Not saved" />
              </div>
            )}
            <ConnectionFields />
            <AuthFields saved={saved} />
            <AdvancedFields open={showAdvanced} onToggle={() => setAdvancedOpen(!showAdvanced)} />
            <div className="form-actions">
              <button type="submit" className="primary" disabled={formState.isSubmitting}>
                Save
              </button>
              {formState.isSubmitting && (
                <span className="inline-status" role="status">
                  <Spinner /> Saving…
                </span>
              )}
              {savedName !== undefined && !formState.isDirty && !formState.isSubmitting && (
                <span className="inline-status success" role="status">
                  ✓ Saved “{savedName}”
                </span>
              )}
              {formState.isSubmitted && !formState.isSubmitting && Object.keys(formState.errors).length > 0 && (
                <span className="inline-status error-text">Fix the highlighted fields to save.</span>
              )}
            </div>
          </form>
          <TestConnectionPanel getInput={getValidInput} onFieldErrors={onFieldErrors} />
          <ExportPanel getInput={getValidInput} authType={authType} onFieldErrors={onFieldErrors} />
          {authType === 'iam' && <IamSetupPanel />}
          {saved?.authType === 'iam' && <TokenRefresherPanel key={saved.id} dsn={saved} dirty={formState.isDirty} />}
        </div>
      </RegionAutoContext>
    </FormProvider>
  );
}
