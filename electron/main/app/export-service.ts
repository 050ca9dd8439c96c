/**
 * Export and Save to file as use cases: checks that the secret asked for exists for the DSN's
 * authentication, picks it (request-secrets.ts), renders through the exporter, scrubs any error,
 * and for Save asks the save dialog where before writing (export/save-to-file.ts).
 */
import { dsnFieldsOf } from '../../../shared/dsn';
import type { ExportOutput } from '../../../shared/export-types';
import type { ExportRequest, SavedExport, SaveExportRequest } from '../../../shared/ipc-contract';
import { err, type Result } from '../../../shared/result';
import type { StaticSecrets } from '../credentials/types';
import type { DsnExporter, ExportSecretChoice } from '../export/exporter';
import { saveDialogOptions, writeExportFile } from '../export/save-to-file';
import { redactDeep } from '../files/redact';
import type { Logger } from '../platform/logger';
import type { SaveDialogPort } from '../platform/save-dialog';
import { passwordOf, type SecretLookup, secretsList, signingSecretsOf } from './request-secrets';

export interface ExportServiceDeps {
  store: SecretLookup;
  exporter: DsnExporter;
  logger: Logger;
  /** Asks where to save (the app: Electron's dialog); without one, saveExport is unavailable. */
  saveDialog?: SaveDialogPort | undefined;
}

export class ExportService {
  constructor(private readonly deps: ExportServiceDeps) {}

  /** The export text; a token (freshly signed) or the password only when asked and when the DSN has one. */
  async exportDsn(request: ExportRequest): Promise<Result<ExportOutput>> {
    const { dsn: input, format, includeToken, includePassword } = request;
    const dsn = dsnFieldsOf(input);
    if (includeToken && dsn.authType !== 'iam') {
      return err('VALIDATION', 'A token exists only for IAM authentication.', { fieldErrors: { includeToken: ['Only for IAM authentication'] } });
    }
    if (includePassword && dsn.authType !== 'database') {
      return err('VALIDATION', 'A password exists only for database authentication.', { fieldErrors: { includePassword: ['Only for database authentication'] } });
    }
    let choice: ExportSecretChoice = { kind: 'none' };
    let secrets: StaticSecrets = {};
    if (includeToken) {
      const found = await signingSecretsOf(this.deps.store, input);
      if (!found.ok) return found;
      secrets = found.value;
      choice = { kind: 'token', secrets };
    }
    if (includePassword) {
      const password = await passwordOf(this.deps.store, input);
      if (!password.ok) return password;
      if (password.value === undefined) {
        return err('PASSWORD_MISSING', 'No password is stored or entered for this DSN.', { hint: 'Enter the password (and save the DSN to keep it), then export again.' });
      }
      choice = { kind: 'password', password: password.value };
    }
    const output = await this.deps.exporter.export(dsn, format, choice);
    this.deps.logger.info('DSN exported', { format, sensitive: output.ok ? output.value.containsSecret : undefined, code: output.ok ? undefined : output.error.code });
    return output.ok ? output : redactDeep(output, secretsList(secrets));
  }

  /** Exports, asks the save dialog where (the request's path only suggests the file name), then writes. */
  async saveExport(request: SaveExportRequest): Promise<Result<SavedExport>> {
    const { path: suggested, ...exportRequest } = request;
    const dialog = this.deps.saveDialog;
    if (dialog === undefined) return err('INTERNAL', 'Saving to a file is not available here.', { hint: 'Copy the text instead.' });
    // The export first: a credential or validation error shows before the dialog asks anything.
    const output = await this.exportDsn(exportRequest);
    if (!output.ok) return output;
    const path = await dialog.choosePath(saveDialogOptions(exportRequest.dsn.name, output.value, suggested));
    if (path === undefined || path === '') return err('CANCELLED', 'Not saved: the save dialog was closed.');
    const written = await writeExportFile(path, output.value);
    this.deps.logger.info('Export saved', { format: exportRequest.format, sensitive: output.value.containsSecret, mode: written.ok ? written.value.mode : undefined, code: written.ok ? undefined : written.error.code });
    return written;
  }
}
