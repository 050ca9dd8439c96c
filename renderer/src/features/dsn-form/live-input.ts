/**
 * The form's values as a DSN, as they are now (unsaved edits included): what Test connection,
 * the export and "Copy psql command" work on. A DSN without a name gets its suggested name here,
 * since only Save needs one. `undefined` while a value the connection needs is invalid.
 */
import { useMemo } from 'react';
import { useWatch, type Control, type UseFormGetValues } from 'react-hook-form';
import { type Dsn, dsnInputSchema, type DsnInput } from '../../../../shared/dsn';
import { candidateOptions, type DsnFormContext } from './dsn-resolver';
import { toDsnInputCandidate, type DsnFormValues } from './form-values';
import { suggestedDsnName as suggestedName } from '../../../../shared/dsn';

/** The values with a name: the typed one, else the suggestion from user@host. */
export function withName(values: DsnFormValues): DsnFormValues {
  return values.name.trim() === '' ? { ...values, name: suggestedName(values) } : values;
}

/** The DSN of `values`, or undefined when the schema refuses it. */
export function liveInput(values: DsnFormValues, context: DsnFormContext | undefined): DsnInput | undefined {
  const parsed = dsnInputSchema.safeParse(toDsnInputCandidate(withName(values), candidateOptions(context)));
  return parsed.success ? parsed.data : undefined;
}

/** A DSN input as the exporters take it (a new DSN's tags are none yet). */
export function asDsn(input: DsnInput): Dsn {
  return { ...input, tags: input.tags ?? [] };
}

/** {@link liveInput} of the form's current values, recomputed as they change. */
export function useLiveInput(control: Control<DsnFormValues, DsnFormContext, DsnInput>, getValues: UseFormGetValues<DsnFormValues>, context: DsnFormContext | undefined): DsnInput | undefined {
  // Subscribe to every field; the values themselves are read whole.
  const watched = useWatch({ control });
  return useMemo(() => {
    void watched;
    return liveInput(getValues(), context);
  }, [watched, getValues, context]);
}
