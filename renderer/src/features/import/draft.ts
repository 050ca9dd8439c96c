/**
 * An imported DSN before it is saved: the fields a string set over the new-DSN defaults, as the
 * form's values, with a name derived from user and server unless the string had one.
 */
import { defaultDsn, type Dsn, suggestedDsnName } from '../../../../shared/dsn';
import { type DsnFormValues, toFormValues } from '../dsn-form/form-values';

/** The fields an import set (everything else keeps the new-DSN defaults), and whether it asked to verify the server. */
export type DsnDraft = Partial<Dsn> & { verification?: 'verify-ca' | 'verify-full' | undefined };

/** The draft with its name: the string's own (JSON export) or a derived one. */
export function namedDraft(draft: DsnDraft): DsnDraft {
  return { ...draft, name: draft.name !== undefined && draft.name !== '' ? draft.name : suggestedDsnName(draft, 'Imported DSN') };
}

/** The form's starting values for a draft: defaults, then the draft's fields; no id (a NEW DSN). */
export function draftFormValues(draft: DsnDraft): DsnFormValues {
  const { verification: _verification, ...fields } = draft;
  const dsn: Dsn = { ...defaultDsn(), ...fields };
  const values = toFormValues({ ...dsn, id: '', hasPassword: false, passwordSessionOnly: false, hasSecretAccessKey: false, hasSessionToken: false, hasSshPassword: false, updatedAt: '' });
  return { ...values, id: undefined };
}

/** `user:secret@` quoted back in a parser's message (a JDBC authority) loses the secret. */
export function maskUserinfo(message: string): string {
  return message.replace(/([^\s'"/:@]*):[^\s'"@/]*@/g, '$1:[redacted]@');
}
