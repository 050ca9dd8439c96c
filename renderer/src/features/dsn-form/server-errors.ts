/** Puts field errors returned by the main process (VALIDATION, keyed by dotted path) on the form's fields. */
import type { UseFormSetError } from 'react-hook-form';
import type { FieldErrors as DsnFieldErrors } from '../../../../shared/dsn';
import { formFieldFor, type DsnFormValues } from './form-values';

/** Sets each known field's error; returns the messages that belong to no field. */
export function applyServerFieldErrors(setError: UseFormSetError<DsnFormValues>, fieldErrors: DsnFieldErrors | undefined): string[] {
  const unplaced: string[] = [];
  let first = true;
  for (const [path, messages] of Object.entries(fieldErrors ?? {})) {
    const message = messages.join(' ');
    const field = formFieldFor(path);
    if (field !== undefined) {
      setError(field, { type: 'server', message }, { shouldFocus: first });
      first = false;
    } else {
      unplaced.push(message);
    }
  }
  return unplaced;
}
