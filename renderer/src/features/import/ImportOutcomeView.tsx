/** What a pasted string was read as: the format, the keys recognised and ignored, a secret warning, notes. */
import { DSN_FIELD_LABELS } from '../../../../shared/dsn';
import { IMPORT_FORMAT_NAMES, type ImportOutcome } from '../../../../shared/formats';

/** The form's label of a field an import set ("SSL mode", not "sslMode"). */
function fieldLabel(field: string): string {
  return Object.hasOwn(DSN_FIELD_LABELS, field) ? DSN_FIELD_LABELS[field as keyof typeof DSN_FIELD_LABELS] : field;
}

export function ImportOutcomeView({ outcome }: { outcome: ImportOutcome }) {
  return (
    <div className="import-outcome" data-testid="import-outcome" data-format={outcome.format}>
      <p>
        Read as <strong data-testid="import-format">{IMPORT_FORMAT_NAMES[outcome.format]}</strong>
      </p>
      {outcome.secretFound && (
        <p className="callout callout-warning" role="note" data-testid="import-secret-warning">
          <strong>A password or token was in the string; it was not imported.</strong> A DSN stores no token (the app signs a fresh one);
          for database authentication, type the password in the form.
        </p>
      )}
      {outcome.recognised.length > 0 && (
        <table className="import-table" aria-label="Recognised">
          <caption>Recognised</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Field</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {outcome.recognised.map((r, i) => (
              <tr key={`${r.key}-${r.field}-${i}`}>
                <td>
                  <code>{r.key}</code>
                </td>
                <td>{fieldLabel(r.field)}</td>
                <td>
                  <code>{r.value}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {outcome.ignored.length > 0 && (
        <table className="import-table" aria-label="Ignored">
          <caption>Ignored</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {outcome.ignored.map((g, i) => (
              <tr key={`${g.key}-${i}`}>
                <td>
                  <code>{g.key}</code>
                </td>
                <td>{g.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {outcome.notes.length > 0 && (
        <ul className="notes" aria-label="Import notes">
          {outcome.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
