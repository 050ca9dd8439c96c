/**
 * The main-process side of {@link IamDsnApi}: one handler per method. Every handler takes
 * untrusted `unknown` arguments, validates them with the form's zod schemas, and answers a
 * {@link Result}; nothing throws out of here, and no secret is in any answer or log line.
 */
import type { ConnectionTestReport } from '../../../shared/connection-test';
import { type Dsn, type DsnInput, dsnInputSchema, socketTarget } from '../../../shared/dsn';
import type { AwsProfileInfo, IamDsnApi, IpcMethod } from '../../../shared/ipc-contract';
import { err, ok, type Result } from '../../../shared/result';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { StaticSecrets } from '../credentials/types';
import { currentCredentialContext, withCredentialContext } from '../credentials/context';
import { DsnExporter, type ExportSecretChoice } from '../export/exporter';
import { type SaveDialogPort, saveDialogOptions, saveExportRequestSchema, writeExportFile } from '../export/save-to-file';
import { DsnLibrary } from '../library/library';
import type { DsnStorePort } from '../library/store';
import type { MfaAnswerOutcome } from '../credentials/mfa-broker';
import { listProfiles } from '../credentials/profiles';
import { redactSecrets } from '../files/redact';
import { checkArity, dsnIdSchema, exportRequestSchema, mfaCodeSchema, requestIdSchema, testConnectionRequestSchema, toDsn, validate } from './schemas';
import type { TokenSignerPort } from '../iam-token/signer';
import type { TokenRefresherPort } from '../iam-token/refresher';
import { createLibraryHandlers } from './library-handlers';
import { createRefresherHandlers } from './refresher-handlers';

/** One function per API method, taking untrusted arguments. */
export type ApiHandlers = { [K in keyof IamDsnApi]: (...args: unknown[]) => ReturnType<IamDsnApi[K]> };

/** What the tester offers the handlers; {@link ConnectionTester} implements it. */
export interface ConnectionTesterPort {
  test(dsn: Dsn, opts: { password?: string | undefined; signal?: AbortSignal | undefined }): Promise<ConnectionTestReport>;
}

/** Where MFA answers go; the app's MfaBroker implements it. */
export interface MfaAnswerPort {
  answer(requestId: string, code: string | null): MfaAnswerOutcome;
}

export interface ApiHandlerDeps {
  store: DsnStorePort;
  signer: TokenSignerPort;
  tester: ConnectionTesterPort;
  logger: Logger;
  /** Time for the library (export dates, the undo window); the other handlers take it from their services. */
  clock: Clock;
  /** Receives MFA answers; without one, every answer is `{ accepted: false }`. */
  mfa?: MfaAnswerPort | undefined;
  /** The token refreshers (the app's pushes status to the window); without one, one is made on first use (refresher-handlers.ts). */
  refresher?: TokenRefresherPort | undefined;
  /** What `~/` means in a refresher's file path; default the OS user's home folder. */
  homedir?: string | undefined;
  /** Lists the AWS profiles; defaults to profiles.ts (the real shared files). */
  listProfiles?: (() => Promise<Result<AwsProfileInfo[]>>) | undefined;
  /** Asks where to save an export (the app: Electron's save dialog); without one, saveExport is unavailable. */
  saveDialog?: SaveDialogPort | undefined;
}

/** The Result a method answers. */
type Answer<K extends IpcMethod> = Result<IamDsnApi[K] extends (...args: never[]) => Promise<Result<infer V>> ? V : never>;

function errorKind(error: unknown): string {
  if (error instanceof Error) return 'code' in error ? `${error.name} ${String(error.code)}` : error.name;
  return typeof error;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/**
 * The password for a test or export: the one typed in the request, else the stored one of a
 * saved DSN (unless the request clears it). `undefined` when there is none.
 */
function passwordOf(store: DsnStorePort, input: DsnInput): Result<string | undefined> {
  if (input.password !== undefined && input.password !== '') return ok(input.password);
  if (input.id === undefined || input.clearPassword === true) return ok(undefined);
  const stored = store.passwordFor(input.id);
  if (!stored.ok && stored.error.code === 'NOT_FOUND') return ok(undefined);
  return stored;
}

/**
 * The typed keys' secrets for a test or export: typed in the request, else given by a main-process
 * caller's credential context (the CLI), else stored with the saved DSN, which counts only while
 * it is `static` with the same access key id (as when it is saved).
 */
function staticSecretsOf(store: DsnStorePort, input: DsnInput): Result<StaticSecrets> {
  const source = input.credentialSource;
  if (source.kind !== 'static') return ok({});
  let stored: StaticSecrets = {};
  if (input.id !== undefined && input.clearStaticKeys !== true) {
    const saved = store.get(input.id);
    const before = saved.ok ? saved.value.credentialSource : undefined;
    if (before?.kind === 'static' && before.accessKeyId === source.accessKeyId) {
      const secrets = store.staticSecretsFor(input.id);
      if (!secrets.ok && secrets.error.code !== 'NOT_FOUND') return secrets;
      if (secrets.ok) stored = secrets.value;
    }
  }
  // The renderer cannot set a credential context: one present here comes from main-process code.
  const outer = currentCredentialContext().secrets ?? {};
  return ok({
    secretAccessKey: nonEmpty(input.secretAccessKey) ?? nonEmpty(outer.secretAccessKey) ?? stored.secretAccessKey,
    sessionToken: nonEmpty(input.sessionToken) ?? nonEmpty(outer.sessionToken) ?? stored.sessionToken,
  });
}

function secretKeyRequired<T>(): Result<T> {
  return err('VALIDATION', 'Secret access key is required for typed keys.', { fieldErrors: { secretAccessKey: ['Secret access key is required for typed keys'] } });
}

/** A deep copy of `value` with every secret removed from its strings (last line of defence). */
function scrub<T>(value: T, secrets: ReadonlyArray<string | undefined>): T {
  if (typeof value === 'string') return redactSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => scrub(v, secrets)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, secrets)])) as T;
  }
  return value;
}

/** Builds the handlers. The composition root registers them with register-ipc.ts. */
export function createApiHandlers(deps: ApiHandlerDeps): ApiHandlers {
  const { store, logger } = deps;
  const exporter = new DsnExporter(deps.signer);
  const library = new DsnLibrary({ store, clock: deps.clock });
  const libraryCalls = createLibraryHandlers(library, logger);
  const inFlight = new Map<string, AbortController>();
  const profiles = deps.listProfiles ?? (() => listProfiles());
  const refreshers = createRefresherHandlers(deps);

  /** Wraps a handler: arity check, and any throw becomes INTERNAL (logged by kind only, never by text). */
  const guard =
    <K extends IpcMethod>(method: K, maxArgs: number, body: (...args: unknown[]) => Answer<K> | Promise<Answer<K>>) =>
    async (...args: unknown[]): Promise<Answer<K>> => {
      const arity = checkArity(args, maxArgs);
      if (!arity.ok) return arity;
      try {
        return await body(...args);
      } catch (error) {
        logger.error('IPC handler failed', { method, error: errorKind(error) });
        return err('INTERNAL', 'Something went wrong inside the app.', { hint: 'Try again. If it keeps happening, restart the app and check its log file.' });
      }
    };

  const handlers: ApiHandlers = {
    listDsns: guard('listDsns', 0, () => store.list()),

    saveDsn: guard('saveDsn', 1, (input: unknown) => {
      const parsed = validate(dsnInputSchema, input, 'DSN');
      if (!parsed.ok) return parsed;
      const saved = store.save(parsed.value);
      if (saved.ok) {
        const v = saved.value;
        logger.info('DSN saved', { id: v.id, authType: v.authType, source: v.credentialSource.kind, assumeRole: v.assumeRole !== undefined, hasPassword: v.hasPassword, hasSecretKey: v.hasSecretAccessKey });
      }
      return saved;
    }),

    deleteDsn: guard('deleteDsn', 1, (id: unknown) => {
      const parsed = validate(dsnIdSchema, id, 'DSN id');
      if (!parsed.ok) return parsed;
      const deleted = library.delete(parsed.value);
      if (deleted.ok) logger.info('DSN deleted', { id: parsed.value });
      return deleted;
    }),

    duplicateDsn: guard('duplicateDsn', 1, (id: unknown) => libraryCalls.duplicate(id)),
    renameDsn: guard('renameDsn', 2, (id: unknown, newName: unknown) => libraryCalls.rename(id, newName)),
    setDsnTags: guard('setDsnTags', 2, (id: unknown, tags: unknown) => libraryCalls.setTags(id, tags)),
    restoreDsn: guard('restoreDsn', 1, (id: unknown) => libraryCalls.restore(id)),
    exportLibrary: guard('exportLibrary', 1, (ids: unknown) => libraryCalls.exportLibrary(ids)),
    importLibrary: guard('importLibrary', 2, (json: unknown, options: unknown) => libraryCalls.importLibrary(json, options)),

    testConnection: guard('testConnection', 1, async (request: unknown) => {
      const parsed = validate(testConnectionRequestSchema, request, 'test request');
      if (!parsed.ok) return parsed;
      const { requestId, dsn: input } = parsed.value;
      if (inFlight.has(requestId)) {
        return err('VALIDATION', 'A test with this request id is already running.', { fieldErrors: { requestId: ['Already in use by a running test'] } });
      }
      const dsn = toDsn(input);
      const password = dsn.authType === 'database' ? passwordOf(store, input) : ok(undefined);
      if (!password.ok) return password;
      const secrets = dsn.authType === 'iam' ? staticSecretsOf(store, input) : ok<StaticSecrets>({});
      if (!secrets.ok) return secrets;
      if (dsn.authType === 'iam' && dsn.credentialSource.kind === 'static' && secrets.value.secretAccessKey === undefined) return secretKeyRequired();
      const controller = new AbortController();
      inFlight.set(requestId, controller);
      try {
        const context = { secrets: secrets.value, signal: controller.signal };
        const tested = await withCredentialContext(context, () => deps.tester.test(dsn, { password: password.value, signal: controller.signal }));
        const report = scrub(tested, [secrets.value.secretAccessKey, secrets.value.sessionToken]);
        const target = socketTarget(dsn);
        logger.info('Connection test', {
          outcome: report.outcome,
          code: report.error?.code,
          totalMs: report.totalMs,
          authType: dsn.authType,
          source: dsn.credentialSource.kind,
          assumeRole: dsn.assumeRole !== undefined,
          sslMode: dsn.sslMode,
          server: `${dsn.server}:${dsn.port}`,
          target: `${target.host}:${target.port}`,
          failedPhase: report.phases.find((p) => p.status === 'failed')?.name,
        });
        return ok(report);
      } finally {
        inFlight.delete(requestId);
      }
    }),

    cancelTest: guard('cancelTest', 1, (requestId: unknown) => {
      const parsed = validate(requestIdSchema, requestId, 'request id');
      if (!parsed.ok) return parsed;
      const controller = inFlight.get(parsed.value);
      if (controller === undefined) return ok({ cancelled: false });
      controller.abort();
      return ok({ cancelled: true });
    }),

    exportDsn: guard('exportDsn', 1, async (request: unknown) => {
      const parsed = validate(exportRequestSchema, request, 'export request');
      if (!parsed.ok) return parsed;
      const { dsn: input, format, includeToken, includePassword } = parsed.value;
      const dsn = toDsn(input);
      if (includeToken && dsn.authType !== 'iam') {
        return err('VALIDATION', 'A token exists only for IAM authentication.', { fieldErrors: { includeToken: ['Only for IAM authentication'] } });
      }
      if (includePassword && dsn.authType !== 'database') {
        return err('VALIDATION', 'A password exists only for database authentication.', { fieldErrors: { includePassword: ['Only for database authentication'] } });
      }
      let secret: ExportSecretChoice = { kind: 'none' };
      let secrets: StaticSecrets = {};
      if (includeToken) {
        secret = { kind: 'token' };
        const found = staticSecretsOf(store, input);
        if (!found.ok) return found;
        if (dsn.credentialSource.kind === 'static' && found.value.secretAccessKey === undefined) return secretKeyRequired();
        secrets = found.value;
      }
      if (includePassword) {
        const password = passwordOf(store, input);
        if (!password.ok) return password;
        if (password.value === undefined) {
          return err('PASSWORD_MISSING', 'No password is stored or entered for this DSN.', { hint: 'Enter the password (and save the DSN to keep it), then export again.' });
        }
        secret = { kind: 'password', password: password.value };
      }
      const output = await withCredentialContext({ secrets }, () => exporter.export(dsn, format, secret));
      logger.info('DSN exported', { format, sensitive: output.ok ? output.value.containsSecret : undefined, code: output.ok ? undefined : output.error.code });
      return output.ok ? output : scrub(output, [secrets.secretAccessKey, secrets.sessionToken]);
    }),

    saveExport: guard('saveExport', 1, async (request: unknown) => {
      const parsed = validate(saveExportRequestSchema, request, 'save request');
      if (!parsed.ok) return parsed;
      const { path: suggested, ...exportRequest } = parsed.value;
      if (deps.saveDialog === undefined) return err('INTERNAL', 'Saving to a file is not available here.', { hint: 'Copy the text instead.' });
      // The export first: a credential or validation error shows before the dialog asks anything.
      const output = await handlers.exportDsn(exportRequest);
      if (!output.ok) return output;
      const path = await deps.saveDialog.choosePath(saveDialogOptions(exportRequest.dsn.name, output.value, suggested));
      if (path === undefined || path === '') return err('CANCELLED', 'Not saved: the save dialog was closed.');
      const written = await writeExportFile(path, output.value);
      logger.info('Export saved', { format: exportRequest.format, sensitive: output.value.containsSecret, mode: written.ok ? written.value.mode : undefined, code: written.ok ? undefined : written.error.code });
      return written;
    }),

    startRefresher: guard('startRefresher', 1, (request: unknown) => refreshers.start(request)),
    stopRefresher: guard('stopRefresher', 1, (dsnId: unknown) => refreshers.stop(dsnId)),
    refresherStatus: guard('refresherStatus', 0, () => refreshers.status()),

    storeStatus: guard('storeStatus', 0, () => ok(store.status())),

    listProfiles: guard('listProfiles', 0, async () => {
      const listed = await profiles();
      if (listed.ok) logger.info('AWS profiles listed', { count: listed.value.length });
      else logger.warn('AWS profiles could not be listed', { code: listed.error.code });
      return listed;
    }),

    answerMfa: guard('answerMfa', 2, (requestId: unknown, code: unknown) => {
      const id = validate(requestIdSchema, requestId, 'MFA request id');
      if (!id.ok) return id;
      const answer = validate(mfaCodeSchema, code, 'MFA code');
      if (!answer.ok) return err('VALIDATION', 'The MFA code must be text, or null to cancel.', { fieldErrors: { code: ['Enter the 6-digit code your MFA device shows'] } });
      if (deps.mfa === undefined) return ok({ accepted: false });
      const outcome = deps.mfa.answer(id.value, answer.value);
      if (!outcome.accepted && outcome.reason === 'invalid-code') {
        return err('VALIDATION', 'An MFA code is 6 digits.', { fieldErrors: { code: ['Enter the 6-digit code your MFA device shows'] } });
      }
      return ok({ accepted: outcome.accepted });
    }),
  };
  return handlers;
}
