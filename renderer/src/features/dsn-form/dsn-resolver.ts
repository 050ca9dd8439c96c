/**
 * The form's resolver: zodResolver(dsnInputSchema) on the normalized form values, plus the
 * cross-field rules run on their own so they show even while another field has a type error
 * (zod skips object refinements once a field fails its type, e.g. an empty number field).
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { get, set, type FieldErrors, type Resolver, type ResolverOptions } from 'react-hook-form';
import { z } from 'zod';
import { checkDsnRules, dsnInputSchema, type dsnFieldsSchema, type DsnInput } from '../../../../shared/dsn';
import { toDsnInputCandidate, type DsnFormValues } from './form-values';

type SchemaInput = z.input<typeof dsnInputSchema>;

const schemaResolver = zodResolver(dsnInputSchema);

/** Only the cross-field rules; `z.custom` accepts any shape, the rules read the fields they need. */
const rulesOnly = z.custom<z.infer<typeof dsnFieldsSchema>>(() => true).superRefine(checkDsnRules);

export const dsnFormResolver: Resolver<DsnFormValues, unknown, DsnInput> = async (values, context, options) => {
  const candidate = toDsnInputCandidate(values);
  // The candidate is unvalidated form data in the schema's shape; the schema is what checks it.
  const result = await schemaResolver(
    candidate as SchemaInput,
    context,
    options as unknown as ResolverOptions<SchemaInput>,
  );
  if (Object.keys(result.errors).length === 0) return { values: result.values as DsnInput, errors: {} };

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
  return { values: {}, errors };
};
