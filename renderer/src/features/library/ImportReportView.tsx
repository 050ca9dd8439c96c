/** What an import did (or would do): added, renamed, replaced and skipped DSNs, by name. */
import type { ImportLibraryReport } from '../../../../shared/ipc-contract';

/** Names listed per group before "… and N more". */
const MAX_LISTED = 50;

function Group({ title, items, testId }: { title: string; items: readonly string[]; testId: string }) {
  if (items.length === 0) return null;
  const shown = items.slice(0, MAX_LISTED);
  return (
    <section className="import-group" data-testid={testId} aria-label={`${title} (${items.length})`}>
      <h3>
        {title} ({items.length})
      </h3>
      <ul>
        {shown.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
        {items.length > shown.length && <li className="muted">… and {items.length - shown.length} more</li>}
      </ul>
    </section>
  );
}

/** One line of summary, e.g. "3 of 4 DSNs imported: 1 renamed, 1 skipped." */
export function reportSummary(report: ImportLibraryReport): string {
  const added = report.imported.length + report.renamed.length;
  const parts = [
    report.renamed.length > 0 ? `${report.renamed.length} renamed` : '',
    report.replaced.length > 0 ? `${report.replaced.length} replaced` : '',
    report.skipped.length > 0 ? `${report.skipped.length} skipped` : '',
  ].filter((p) => p !== '');
  const verb = report.dryRun ? 'would be added' : 'added';
  const head = `${added} of ${report.total} DSN${report.total === 1 ? '' : 's'} ${verb}`;
  return parts.length > 0 ? `${head}; ${parts.join(', ')}.` : `${head}.`;
}

export function ImportReportView({ report }: { report: ImportLibraryReport }) {
  return (
    <div className="import-report" data-testid={report.dryRun ? 'import-preview' : 'import-report'}>
      <p className="import-summary">{reportSummary(report)}</p>
      <Group title={report.dryRun ? 'Will be added' : 'Added'} items={report.imported} testId="import-added" />
      <Group title={report.dryRun ? 'Will be renamed' : 'Renamed'} items={report.renamed.map((r) => `${r.from} → ${r.to}`)} testId="import-renamed" />
      <Group title={report.dryRun ? 'Will be replaced' : 'Replaced'} items={report.replaced} testId="import-replaced" />
      <Group title={report.dryRun ? 'Will be skipped' : 'Skipped'} items={report.skipped} testId="import-skipped" />
    </div>
  );
}
