/**
 * What another tool's file holds, before anything is imported: the file kind, each DSN read (its
 * place in the file, name, user@server, authentication, environment) with what was left out, and
 * each entry that cannot be a DSN with the reason. Every value is a text node.
 */
import { ENVIRONMENT_LABELS } from '../../../../shared/dsn';
import { TOOL_FORMAT_NAMES, type ToolImport } from '../../../../shared/formats';

export function ToolImportPreview({ imported }: { imported: ToolImport }) {
  const secrets = imported.entries.filter((e) => e.secretFound).length;
  return (
    <div className="tool-preview" data-testid="tool-preview" data-format={imported.format}>
      <p>
        Read as <strong data-testid="tool-format">{TOOL_FORMAT_NAMES[imported.format]}</strong>: {imported.entries.length} DSN{imported.entries.length === 1 ? '' : 's'}
        {imported.skipped.length > 0 ? `, ${imported.skipped.length} left out` : ''}.
      </p>
      {secrets > 0 && (
        <p className="callout callout-warning" role="note" data-testid="tool-secret-warning">
          {secrets} entr{secrets === 1 ? 'y has' : 'ies have'} a password (or say where one is kept): not imported. Type it in the form after the import.
        </p>
      )}
      {imported.notes.length > 0 && (
        <ul className="notes" aria-label="About the file">
          {imported.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {imported.entries.length > 0 && (
        <table className="import-table" aria-label="DSNs to import">
          <caption>DSNs to import</caption>
          <thead>
            <tr>
              <th scope="col">In the file</th>
              <th scope="col">Name</th>
              <th scope="col">Connects as</th>
              <th scope="col">Authentication</th>
              <th scope="col">Left out</th>
            </tr>
          </thead>
          <tbody>
            {imported.entries.map((e) => (
              <tr key={e.source}>
                <td>{e.source}</td>
                <td>
                  {e.dsn.name}
                  {e.dsn.environment !== '' && (
                    <>
                      {' '}
                      <span className={`env-badge env-badge-${e.dsn.environment}`}>{ENVIRONMENT_LABELS[e.dsn.environment]}</span>
                    </>
                  )}
                </td>
                <td>
                  <code>
                    {e.dsn.user}@{e.dsn.server}:{e.dsn.port}/{e.dsn.database}
                  </code>
                </td>
                <td>{e.dsn.authType === 'iam' ? `IAM (${e.dsn.region})` : 'database password'}</td>
                <td>{e.ignored.length === 0 ? '—' : e.ignored.map((i) => i.key).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {imported.skipped.length > 0 && (
        <table className="import-table" aria-label="Left out">
          <caption>Left out</caption>
          <thead>
            <tr>
              <th scope="col">In the file</th>
              <th scope="col">Name</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {imported.skipped.map((s) => (
              <tr key={s.source}>
                <td>{s.source}</td>
                <td>{s.name ?? '—'}</td>
                <td>{s.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
