/**
 * The form's resolver: zodResolver(dsnInputSchema) on the normalized form values, plus the
 * cross-field rules run on their own so they show even while another field has a type error
 * (zod skips object refinements once a field fails its type, e.g. an empty number field), plus
 * the rules only the form can check: write-only static keys against what is stored.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { get, set, type FieldErrors, type Resolver, type ResolverOptions } from 'react-hook-form';
import { z } from 'zod';
import { checkDsnRules, dsnInputSchema, type dsnFieldsSchema, type DsnInput, type SavedDsn } from '../../../../shared/dsn';
import { toDsnInputCandidate, type DsnFormValues } from './form-values';

type SchemaInput = z.input<typeof dsnInputSchema>;

/** What the resolver knows about the DSN as saved (write-only secrets are never in the form). */
export interface DsnFormContext {
  /** The saved static access key id and which secrets are stored; undefined for a new DSN. */
  stored?: Pick<SavedDsn, 'credentialSource' | 'hasSecretAccessKey' | 'hasSessionToken'> | undefined;
  /**
   * An imported string asked to verify the server (sslmode verify-ca / verify-full): a CA bundle
   * is required until the DSN is saved, so the import never silently drops verification.
   * TODO(security issue #10): with its "verify" setting (and the managed RDS CA bundle) this becomes that setting.
   */
  requireVerification?: 'verify-ca' | 'verify-full' | undefined;
}

/** The candidate options that follow from the context. */
export function candidateOptions(context: DsnFormContext | undefined) {
  const stored = context?.stored;
  return { hasStoredStaticKeys: stored !== undefined && (stored.hasSecretAccessKey || stored.hasSessionToken) };
}

const schemaResolver = zodResolver(dsnInputSchema);

/** Only the cross-field rules; `z.custom` accepts any shape, the rules read the fields they need. */
const rulesOnly = z.custom<z.infer<typeof dsnFieldsSchema>>(() => true).superRefine(checkDsnRules);

/** Static keys: a secret must be typed unless one is stored for the same access key id. */
export function staticKeyErrors(values: DsnFormValues, context: DsnFormContext | undefined): Record<string, string> {
  if (values.authType !== 'iam' || values.credentialSource.kind !== 'static') return {};
  const stored = context?.stored;
  const keyId = values.credentialSource.accessKeyId.trim();
  const storedKeyId = stored?.credentialSource.kind === 'static' ? stored.credentialSource.accessKeyId : undefined;
  const sameKey = storedKeyId !== undefined && storedKeyId === keyId && !values.clearStaticKeys;
  const errors: Record<string, string> = {};
  if (values.secretAccessKey === '') {
    if (stored?.hasSecretAccessKey !== true || values.clearStaticKeys || storedKeyId === undefined) {
      errors.secretAccessKey = 'Secret access key is required';
    } else if (!sameKey && keyId !== '') {
      errors.secretAccessKey = 'Type the secret access key of the new access key ID';
    }
  }
  const tokenKept = sameKey && stored?.hasSessionToken === true;
  if (keyId.startsWith('ASIA') && values.sessionToken === '' && !tokenKept) {
    errors.sessionToken = 'Session token is required for temporary (ASIA…) keys';
  }
  return errors;
}

/** The CA bundle an imported verify-full string needs (see {@link DsnFormContext.requireVerification}). */
export function verificationErrors(values: DsnFormValues, context: DsnFormContext | undefined): Record<string, string> {
  const mode = context?.requireVerification;
  if (mode === undefined || values.caBundlePath.trim() !== '') return {};
  return { caBundlePath: `The imported string asked for sslmode=${mode}: set a CA bundle so the server stays verified (e.g. the RDS global-bundle.pem).` };
}

export const dsnFormResolver: Resolver<DsnFormValues, DsnFormContext, DsnInput> = async (values, context, options) => {
  const candidate = toDsnInputCandidate(values, candidateOptions(context));
  const keyErrors = { ...staticKeyErrors(values, context), ...verificationErrors(values, context) };
  // The candidate is unvalidated form data in the schema's shape; the schema is what checks it.
  const result = await schemaResolver(
    candidate as SchemaInput,
    context,
    options as unknown as ResolverOptions<SchemaInput>,
  );
  if (Object.keys(result.errors).length === 0 && Object.keys(keyErrors).length === 0) {
    return { values: result.values as DsnInput, errors: {} };
  }

  const errors = result.errors as FieldErrors<DsnFormValues>;
  // A bad discriminator is reported on `credentialSource`; show it on the select.
  const sourceError = get(errors, 'credentialSource') as { message?: unknown; type?: unknown } | undefined;
  if (sourceError !== undefined && typeof sourceError.message === 'string' && get(errors, 'credentialSource.kind') === undefined) {
    set(errors, 'credentialSource.kind', { type: 'custom', message: sourceError.message });
  }
  const rules = rulesOnly.safeParse(candidate);
  for (const issue of rules.error?.issues ?? []) {
    const path = issue.path.map(String).join('.');
    if (path !== '' && get(errors, path) === undefined) set(errors, path, { type: 'custom', message: issue.message });
  }
  for (const [path, message] of Object.entries(keyErrors)) {
    if (get(errors, path) === undefined) set(errors, path, { type: 'custom', message });
  }
  return { values: {}, errors };
};
