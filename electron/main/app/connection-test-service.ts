/**
 * Test connection as a use case: picks the secrets the request may use (request-secrets.ts), keeps
 * the running tests by request id so that Cancel finds them, scrubs the report of every secret
 * once more, and logs the outcome (never a secret). The window (through ipc/), the CLI and the
 * bench all test through here.
 */
import type { ConnectionTestReport } from '../../../shared/connection-test';
import { type Dsn, dsnFieldsOf, socketTarget } from '../../../shared/dsn';
import type { TestConnectionRequest } from '../../../shared/ipc-contract';
import { networkOf } from '../../../shared/network';
import { err, ok, type Result } from '../../../shared/result';
import type { ConnectionTesterPort } from '../connection-test/tester';
import type { StaticSecrets } from '../credentials/types';
import { redactDeep } from '../files/redact';
import type { Logger } from '../platform/logger';
import { passwordOf, type SecretLookup, secretsList, signingSecretsOf, sshPasswordOf } from './request-secrets';

export interface ConnectionTestServiceDeps {
  store: SecretLookup;
  tester: ConnectionTesterPort;
  logger: Logger;
}

/** Runs and cancels connection tests. */
export class ConnectionTestService {
  private readonly inFlight = new Map<string, AbortController>();

  constructor(private readonly deps: ConnectionTestServiceDeps) {}

  /** Tests the request's DSN; a failed connection is a report (ok), a request that cannot run is an error. */
  async test(request: TestConnectionRequest): Promise<Result<ConnectionTestReport>> {
    const { requestId, dsn: input } = request;
    if (this.inFlight.has(requestId)) {
      return err('VALIDATION', 'A test with this request id is already running.', { fieldErrors: { requestId: ['Already in use by a running test'] } });
    }
    const dsn = dsnFieldsOf(input);
    // Taken before the first await: a second test under the same id is refused, not run twice.
    const controller = new AbortController();
    this.inFlight.set(requestId, controller);
    try {
      return await this.run(input, dsn, controller.signal);
    } finally {
      this.inFlight.delete(requestId);
    }
  }

  private async run(input: TestConnectionRequest['dsn'], dsn: Dsn, signal: AbortSignal): Promise<Result<ConnectionTestReport>> {
    const password = dsn.authType === 'database' ? await passwordOf(this.deps.store, input) : ok(undefined);
    if (!password.ok) return password;
    const secrets = dsn.authType === 'iam' ? await signingSecretsOf(this.deps.store, input) : ok<StaticSecrets>({});
    if (!secrets.ok) return secrets;
    const sshPassword = await sshPasswordOf(this.deps.store, input);
    if (!sshPassword.ok) return sshPassword;
    const tested = await this.deps.tester.test(dsn, { password: password.value, secrets: secrets.value, sshPassword: sshPassword.value, signal });
    const report = redactDeep(tested, secretsList(secrets.value, password.value, sshPassword.value));
    const target = socketTarget(dsn);
    this.deps.logger.info('Connection test', {
      outcome: report.outcome,
      code: report.error?.code,
      totalMs: report.totalMs,
      authType: dsn.authType,
      source: dsn.credentialSource.kind,
      assumeRole: dsn.assumeRole !== undefined,
      sslMode: dsn.sslMode,
      server: `${dsn.server}:${dsn.port}`,
      target: `${target.host}:${target.port}`,
      network: networkOf(dsn).kind,
      failedPhase: report.phases.find((p) => p.status === 'failed')?.name,
    });
    return ok(report);
  }

  /** Cancels the running test `requestId`; `cancelled: false` when none runs under that id. */
  cancel(requestId: string): Result<{ cancelled: boolean }> {
    const controller = this.inFlight.get(requestId);
    if (controller === undefined) return ok({ cancelled: false });
    controller.abort();
    return ok({ cancelled: true });
  }
}
