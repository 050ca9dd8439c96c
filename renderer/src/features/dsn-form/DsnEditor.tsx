/**
 * The right pane: one DSN in sections (Connection · Credentials · TLS & network · Export · IAM
 * setup · Token files), a fixed action bar (Save, Test connection, Copy psql command) and the test
 * result beside the form. The form is react-hook-form with the shared zod schema; Test, Export and
 * Copy work on its current values, saved or not. The window reaches it through {@link EditorHandle}
 * (the unsaved-changes prompt saves through it; shortcuts run it).
 */
import { lazy, Suspense, useCallback, useEffect, useId, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import { FormProvider, useForm, useWatch } from 'react-hook-form';
import type { DsnInput, FieldErrors, SavedDsn } from '../../../../shared/dsn';
import type { AppError, FixAction } from '../../../../shared/result';
import { useApi } from '../../api';
import { AppErrorView } from '../../components/AppErrorView';
import { Spinner } from '../../components/Spinner';
import { type DsnDraft, draftFormValues } from '../import/draft';
import { reportTone, reportWarnings, type ReportTone } from '../test-connection/report-summary';
import { TestResultPanel } from '../test-connection/TestResultPanel';
import { useConnectionTest } from '../test-connection/use-connection-test';
import { ActionBar, type ActionStatus } from './ActionBar';
import { AuthFields } from './AuthFields';
import { ConnectionFields } from './ConnectionFields';
import { dsnFormResolver, type DsnFormContext } from './dsn-resolver';
import { EditorHeader } from './EditorHeader';
import { EditorTabs, panelId, tabId } from './EditorTabs';
import { FIELD_SECTION, sectionsFor, type SectionId } from './editor-sections';
import { FORM_FIELD_PATHS, toFormValues, type DsnFormValues, type FormFieldPath } from './form-values';
import { asDsn, liveInput, useLiveInput } from './live-input';
import { RegionAutoContext, useRegionAutoState } from './region-auto';
import { applyServerFieldErrors } from './server-errors';
import { suggestedDsnName as suggestedName } from '../../../../shared/dsn';
import { TlsNetworkFields } from './TlsNetworkFields';

// Secondary panels load when first shown, keeping the first paint to the list and the form.
const ExportPanel = lazy(() => import('../export/ExportPanel').then((m) => ({ default: m.ExportPanel })));
const IamSetupPanel = lazy(() => import('../iam-setup/IamSetupPanel').then((m) => ({ default: m.IamSetupPanel })));
const TokenRefresherPanel = lazy(() => import('../token-refresher/TokenRefresherPanel').then((m) => ({ default: m.TokenRefresherPanel })));

/** What the window asks of the open editor. */
export interface EditorHandle {
  /** Saves the form; false when it is invalid or the save failed (the form says why). */
  save(): Promise<boolean>;
  test(): void;
  copyPsql(): void;
  showSection(id: SectionId): void;
  /**
   * Whether the form differs from what it opened with, read now: formState.isDirty follows only
   * once the async validation of the last keystroke finished, and a click on another DSN may come
   * first.
   */
  hasUnsavedChanges(): boolean;
}

interface DsnEditorProps {
  /** The DSN being edited; `undefined` for a new one. Remount (key) to switch DSNs. */
  saved: SavedDsn | undefined;
  /** For a new DSN: fields of an import to start with (not saved: it counts as unsaved work). */
  draft?: DsnDraft | undefined;
  /** The tab to open with. */
  initialSection?: SectionId | undefined;
  onSaved: (saved: SavedDsn) => void;
  /** The form has (or no longer has) unsaved changes. */
  onDirtyChange: (dirty: boolean) => void;
  /** A saved DSN was tested: for the library's result dot. */
  onTested?: ((id: string, tone: ReportTone, callerArn: string | undefined) => void) | undefined;
  ref?: Ref<EditorHandle>;
}

/** Every form field but the name: what a connection needs (Test and Copy do not need a name). */
const CONNECTION_FIELDS = FORM_FIELD_PATHS.filter((p) => p !== 'name');

const FOCUS_TARGET: Record<Extract<FixAction, { kind: 'focus-field' }>['field'], FormFieldPath> = {
  region: 'region',
  server: 'server',
  port: 'port',
  user: 'user',
  database: 'database',
  sslMode: 'sslMode',
  authType: 'authType',
  caBundlePath: 'caBundlePath',
  credentialSource: 'credentialSource.kind',
  password: 'password',
};

export function DsnEditor({ saved, draft, initialSection, onSaved, onDirtyChange, onTested, ref }: DsnEditorProps) {
  const api = useApi();
  const id = useId();
  const formId = `${id}-form`;
  const isDraft = saved === undefined && draft !== undefined;
  const context = useMemo<DsnFormContext>(() => ({ stored: saved, requireVerification: isDraft ? draft.verification : undefined }), [saved, isDraft, draft]);
  const methods = useForm<DsnFormValues, DsnFormContext, DsnInput>({
    defaultValues: saved === undefined && draft !== undefined ? draftFormValues(draft) : toFormValues(saved),
    resolver: dsnFormResolver,
    mode: 'onChange',
    context,
  });
  const { formState, handleSubmit, reset, resetField, setError, setFocus, setValue, trigger, getValues } = methods;
  const start = saved ?? draft;
  const regionAuto = useRegionAutoState(methods, { region: start?.region ?? '', server: start?.server ?? '' });
  const [active, setActive] = useState<SectionId>(initialSection ?? 'connection');
  const [visited, setVisited] = useState<ReadonlySet<SectionId>>(() => new Set([initialSection ?? 'connection']));
  /** A field to focus once its tab is shown (the tick re-renders when the tab already is). */
  const pendingFocus = useRef<FormFieldPath | undefined>(undefined);
  const [focusTick, setFocusTick] = useState(0);
  const [status, setStatus] = useState<ActionStatus>({ kind: 'none' });
  const [formError, setFormError] = useState<AppError>();
  const [authType, environment] = useWatch({ control: methods.control, name: ['authType', 'environment'] });
  const sections = sectionsFor(authType);
  const shown = sections.includes(active) ? active : 'connection';
  const dirty = formState.isDirty || isDraft;

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  // An imported draft: show at once what is still missing, and start at Name.
  useEffect(() => {
    if (isDraft) void trigger().then(() => setFocus('name'));
    // Once, when the draft's editor mounts (it remounts for another DSN).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Renamed or starred from the library: those fields follow, the other edits stay.
  useEffect(() => {
    if (saved === undefined) return;
    if (saved.name !== formState.defaultValues?.name) resetField('name', { defaultValue: saved.name });
    if (saved.favorite !== formState.defaultValues?.favorite) resetField('favorite', { defaultValue: saved.favorite });
  }, [saved, formState.defaultValues, resetField]);

  const show = useCallback((section: SectionId) => {
    setActive(section);
    setVisited((v) => (v.has(section) ? v : new Set([...v, section])));
  }, []);

  // Focus a field once its tab is shown.
  useEffect(() => {
    const path = pendingFocus.current;
    pendingFocus.current = undefined;
    if (path !== undefined) setFocus(path);
  }, [focusTick, setFocus]);

  const focusField = useCallback(
    (path: FormFieldPath) => {
      show(FIELD_SECTION[path]);
      pendingFocus.current = path;
      setFocusTick((n) => n + 1);
    },
    [show],
  );

  const goToFirstError = useCallback(() => {
    const first = FORM_FIELD_PATHS.find((p) => methods.getFieldState(p).invalid);
    if (first !== undefined) focusField(first);
  }, [methods, focusField]);

  /** Shows main's field errors on the fields; the rest above the form. */
  const showServerErrors = useCallback(
    (error: AppError) => {
      const unplaced = applyServerFieldErrors(setError, error.fieldErrors);
      const placedAny = Object.keys(error.fieldErrors ?? {}).length > unplaced.length;
      if (!placedAny || unplaced.length > 0) setFormError({ ...error, detail: [error.detail, ...unplaced].filter((s) => s !== undefined && s !== '').join('\n') });
      else goToFirstError();
    },
    [setError, goToFirstError],
  );

  const onFieldErrors = useCallback((fieldErrors: FieldErrors) => showServerErrors({ code: 'VALIDATION', message: 'Some fields need attention.', fieldErrors }), [showServerErrors]);
  const test = useConnectionTest(onFieldErrors);

  const persist = async (input: DsnInput): Promise<boolean> => {
    setFormError(undefined);
    setStatus({ kind: 'saving' });
    const result = await api.saveDsn(input);
    if (!result.ok) {
      setStatus({ kind: 'none' });
      const { error } = result;
      if (error.code === 'VALIDATION') showServerErrors(error);
      else if (error.code === 'NAME_TAKEN' && error.fieldErrors === undefined) {
        setError('name', { type: 'server', message: error.message });
        focusField('name');
      } else setFormError(error);
      return false;
    }
    // Write-only secrets leave the form (and the DOM) here.
    reset(toFormValues(result.value));
    regionAuto.reset(result.value.region, result.value.server);
    setStatus({ kind: 'saved', name: result.value.name });
    onSaved(result.value);
    return true;
  };

  const save = async (): Promise<boolean> => {
    const invalid = () => {
      setStatus({ kind: 'invalid', what: 'Fix the highlighted fields to save.' });
      goToFirstError();
    };
    // Only Save needs a name, and an empty one takes the suggestion — once the rest is valid.
    if (!(await trigger(CONNECTION_FIELDS))) {
      invalid();
      return false;
    }
    if (getValues('name').trim() === '') setValue('name', suggestedName(getValues()), { shouldDirty: true });
    let done = false;
    await handleSubmit(async (input) => {
      done = await persist(input);
    }, invalid)();
    return done;
  };

  /** The form's values as a DSN when what a connection needs is valid (errors shown otherwise). */
  const connectionInput = async (what: string): Promise<DsnInput | undefined> => {
    const valid = await trigger(CONNECTION_FIELDS);
    const input = valid ? liveInput(getValues(), context) : undefined;
    if (input === undefined) {
      setStatus({ kind: 'invalid', what: `Fix the highlighted fields to ${what}.` });
      goToFirstError();
    }
    return input;
  };

  const runTest = async () => {
    const input = await connectionInput('test');
    if (input === undefined) return;
    setStatus((s) => (s.kind === 'invalid' ? { kind: 'none' } : s));
    const report = await test.run(input);
    if (report !== undefined && saved !== undefined) onTested?.(saved.id, reportTone(report, reportWarnings(report, input)), report.identity?.callerArn);
  };

  const copyPsql = async () => {
    const input = await connectionInput('copy the psql command');
    if (input === undefined) return;
    try {
      // The exporters load with the first copy, keeping them out of the first paint.
      const { exportDsn } = await import('../../../../shared/formats');
      const output = exportDsn(asDsn(input), 'psql');
      await navigator.clipboard.writeText(output.text);
      setStatus({ kind: 'copied', throughTunnel: output.tunnelCommand !== undefined });
    } catch {
      setStatus({ kind: 'copy-failed', text: 'open Export and copy it from there' });
    }
  };

  const runFix = (action: FixAction) => {
    if (action.kind === 'set-field') {
      setValue(action.field, action.value as never, { shouldDirty: true, shouldValidate: true });
      focusField(action.field);
    } else if (action.kind === 'focus-field') focusField(FOCUS_TARGET[action.field]);
    else if (action.kind === 'open-iam-setup') show('iam-setup');
  };

  useImperativeHandle(ref, () => ({
    save,
    test: () => void runTest(),
    copyPsql: () => void copyPsql(),
    showSection: show,
    // The values and the defaults come from the same builder, so their JSON compares field by field.
    hasUnsavedChanges: () => isDraft || JSON.stringify(getValues()) !== JSON.stringify(formState.defaultValues),
  }));

  const live = useLiveInput(methods.control, getValues, context);
  const errorCounts: Partial<Record<SectionId, number>> = {};
  for (const path of FORM_FIELD_PATHS) {
    if (methods.getFieldState(path).invalid) errorCounts[FIELD_SECTION[path]] = (errorCounts[FIELD_SECTION[path]] ?? 0) + 1;
  }
  const identity = test.state.kind === 'done' ? test.state.report.identity : undefined;
  const panel = (section: SectionId) => ({ role: 'tabpanel', id: panelId(id, section), 'aria-labelledby': tabId(id, section), hidden: shown !== section, className: 'section-panel' }) as const;

  return (
    <FormProvider {...methods}>
      <RegionAutoContext value={regionAuto}>
        <section className="editor" aria-label="DSN editor" data-environment={environment}>
          <EditorHeader saved={saved} isDraft={isDraft} dirty={dirty} />
          <EditorTabs idPrefix={id} sections={sections} active={shown} errors={errorCounts} onSelect={show} />
          <div className="editor-body">
            <div className="editor-main">
              {formError !== undefined && (
                <div className="callout callout-error" role="alert">
                  <AppErrorView error={formError} title="Not saved" />
                </div>
              )}
              <form
                id={formId}
                className="dsn-form"
                aria-label={`DSN ${saved?.name ?? 'New DSN'}`}
                noValidate
                onSubmit={(event) => {
                  event.preventDefault();
                  void save();
                }}
              >
                <div {...panel('connection')}>
                  <ConnectionFields />
                </div>
                <div {...panel('credentials')}>
                  <AuthFields saved={saved} />
                </div>
                <div {...panel('tls-network')}>
                  <TlsNetworkFields saved={saved} />
                </div>
              </form>
              <Suspense fallback={<p className="inline-status"><Spinner /> Loading…</p>}>
                <div {...panel('export')}>{visited.has('export') && <ExportPanel input={live} onShowErrors={() => void trigger(CONNECTION_FIELDS).then(goToFirstError)} />}</div>
                {sections.includes('iam-setup') && <div {...panel('iam-setup')}>{visited.has('iam-setup') && <IamSetupPanel callerArn={identity?.callerArn} />}</div>}
                {sections.includes('token-files') && (
                  <div {...panel('token-files')}>
                    {visited.has('token-files') &&
                      (saved?.authType === 'iam' ? (
                        <TokenRefresherPanel key={saved.id} dsn={saved} dirty={formState.isDirty} />
                      ) : (
                        <p className="muted empty-note">Save the DSN first: a token file is refreshed with the saved settings.</p>
                      ))}
                  </div>
                )}
              </Suspense>
            </div>
            <TestResultPanel state={test.state} onCancel={() => void test.cancel()} onClose={test.dismiss} onAction={runFix} />
          </div>
          <ActionBar formId={formId} dirty={dirty} testing={test.state.kind === 'running'} status={status} onTest={() => void runTest()} onCopyPsql={() => void copyPsql()} />
        </section>
      </RegionAutoContext>
    </FormProvider>
  );
}
