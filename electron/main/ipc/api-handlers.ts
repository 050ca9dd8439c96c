/**
 * The main-process side of {@link IamDsnApi}: one handler per method. Every handler takes
 * untrusted `unknown` arguments, validates them with the form's zod schemas, and answers a
 * {@link Result}; nothing throws out of here, and no secret is in any answer or log line.
 */
import type { ConnectionTestReport } from '../../../shared/connection-test';
import { type Dsn, type DsnInput, dsnInputSchema, socketTarget } from '../../../shared/dsn';
import type { IamDsnApi, IpcMethod } from '../../../shared/ipc-contract';
import { err, ok, type Result } from '../../../shared/result';
import type { Clock, Logger } from '../ports';
import { DsnExporter, type ExportSecretChoice } from '../services/dsn-exporter';
import type { DsnStorePort } from '../services/dsn-store';
import { checkArity, dsnIdSchema, exportRequestSchema, requestIdSchema, testConnectionRequestSchema, validate } from '../services/request-validation';
import type { TokenSignerPort } from '../services/signer';

/** One function per API method, taking untrusted arguments. */
export type ApiHandlers = { [K in keyof IamDsnApi]: (...args: unknown[]) => ReturnType<IamDsnApi[K]> };

/** What the tester offers the handlers; {@link ConnectionTester} implements it. */
export interface ConnectionTesterPort {
  test(dsn: Dsn, opts: { password?: string | undefined; signal?: AbortSignal | undefined }): Promise<ConnectionTestReport>;
}

export interface ApiHandlerDeps {
  store: DsnStorePort;
  signer: TokenSignerPort;
  tester: ConnectionTesterPort;
  logger: Logger;
  /** Part of the wiring contract; the handlers take time from the services today. */
  clock: Clock;
}

/** The Result a method answers. */
type Answer<K extends IpcMethod> = Result<IamDsnApi[K] extends (...args: never[]) => Promise<Result<infer V>> ? V : never>;

function toDsn(input: DsnInput): Dsn {
  const { id: _id, password: _password, clearPassword: _clear, ...dsn } = input;
  return dsn;
}

function errorKind(error: unknown): string {
  if (error instanceof Error) return 'code' in error ? `${error.name} ${String(error.code)}` : error.name;
  return typeof error;
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

/** Builds the handlers. The composition root registers them with register-ipc.ts. */
export function createApiHandlers(deps: ApiHandlerDeps): ApiHandlers {
  const { store, logger } = deps;
  const exporter = new DsnExporter(deps.signer);
  const inFlight = new Map<string, AbortController>();

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

  return {
    listDsns: guard('listDsns', 0, () => store.list()),

    saveDsn: guard('saveDsn', 1, (input: unknown) => {
      const parsed = validate(dsnInputSchema, input, 'DSN');
      if (!parsed.ok) return parsed;
      const saved = store.save(parsed.value);
      if (saved.ok) logger.info('DSN saved', { id: saved.value.id, authType: saved.value.authType, hasPassword: saved.value.hasPassword });
      return saved;
    }),

    deleteDsn: guard('deleteDsn', 1, (id: unknown) => {
      const parsed = validate(dsnIdSchema, id, 'DSN id');
      if (!parsed.ok) return parsed;
      const deleted = store.delete(parsed.value);
      if (deleted.ok) logger.info('DSN deleted', { id: parsed.value });
      return deleted;
    }),

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
      const controller = new AbortController();
      inFlight.set(requestId, controller);
      try {
        const report = await deps.tester.test(dsn, { password: password.value, signal: controller.signal });
        const target = socketTarget(dsn);
        logger.info('Connection test', {
          outcome: report.outcome,
          code: report.error?.code,
          totalMs: report.totalMs,
          authType: dsn.authType,
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
      if (includeToken) secret = { kind: 'token' };
      if (includePassword) {
        const password = passwordOf(store, input);
        if (!password.ok) return password;
        if (password.value === undefined) {
          return err('PASSWORD_MISSING', 'No password is stored or entered for this DSN.', { hint: 'Enter the password (and save the DSN to keep it), then export again.' });
        }
        secret = { kind: 'password', password: password.value };
      }
      const output = await exporter.export(dsn, format, secret);
      logger.info('DSN exported', { format, sensitive: output.ok ? output.value.containsSecret : undefined, code: output.ok ? undefined : output.error.code });
      return output;
    }),

    storeStatus: guard('storeStatus', 0, () => ok(store.status())),
  };
}
