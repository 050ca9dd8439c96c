/**
 * Test connection side by side, alternated round by round: the app's test service (warm: cached token;
 * cold: a new service graph), `iam-dsn test --file` as a whole process, psql with a
 * pre-made token, and the seed workflow `PGPASSWORD=$(aws rds generate-db-auth-token …) psql` as
 * one bash command. Then the same for the scram (database-auth) user.
 */
import { dirname, join } from 'node:path';
import { PG_BIN } from '../test/fixture/fixture-shell';
import { CLI_BUNDLE } from '../test/integration/cli-harness';
import { type AppServices, benchPorts, testOnce } from './app-services';
import { createAppServices } from '../electron/main/app-services';
import { nullLogger } from '../electron/main/platform/logger';
import { procMs, shq } from './procs';
import type { Report } from './report';
import { PROFILE, repoRoot, type BenchSetup } from './setup';
import { alternate, fmtMs, fmtRatio, fmtSpread, median, type Samples, type Variant } from './stats';
import type { DsnInput } from '../shared/dsn';
import type { ConnectionTestReport } from '../shared/connection-test';

/** psql itself; /usr/bin/psql is Debian's pg_wrapper, a Perl script that picks a cluster's version and execs it. */
const PSQL_BINARY = `${PG_BIN}/psql`;

/** Medians of the phases of successful in-app reports. */
function phaseSummary(reports: ConnectionTestReport[]): string {
  const names = ['sign', 'tcp', 'tls', 'auth', 'query'] as const;
  return names
    .map((name) => {
      const values = reports.flatMap((r) => r.phases.filter((p) => p.name === name && p.status !== 'skipped').map((p) => p.durationMs));
      return values.length === 0 ? undefined : `${name} ${fmtMs(median(values))}`;
    })
    .filter((s) => s !== undefined)
    .join(' · ');
}

/** The app's test; `cached` insists that an IAM token came from the signer's cache (warm). */
function inApp(key: string, services: () => AppServices, dsn: DsnInput, reports?: ConnectionTestReport[], cached = false): Variant {
  return {
    key,
    run: async () => {
      const run = await testOnce(services(), dsn);
      if (run.failure !== '') return run.failure;
      if (cached && run.report?.token?.fromCache !== true) return 'token not from the cache';
      if (run.report !== undefined) reports?.push(run.report);
      return run.ms;
    },
  };
}

/** Whether the STS caller lookup answered (it runs in parallel and the report waits for it). */
function callerNote(reports: ConnectionTestReport[]): string {
  const named = reports.filter((r) => r.identity?.callerArn !== undefined).length;
  return `; STS caller ARN in ${named}/${reports.length} reports`;
}

const samplesOf = (results: Map<string, Samples>, key: string): Samples => results.get(key) ?? { values: [], failures: 0 };
const med = (results: Map<string, Samples>, key: string): number => median(samplesOf(results, key).values);

function addRow(report: Report, section: string, results: Map<string, Samples>, key: string, what: string, note: string): void {
  const s = samplesOf(results, key);
  const failed = s.failures > 0 ? ` · ${s.failures} FAILED (${s.firstFailure ?? '?'})` : '';
  report.add(section, what, fmtSpread(s.values), s.values.length, `${note}${failed}`);
}

/** Results the targets need. */
export interface ConnectFigures {
  iam: { inAppWarm: number; inAppCold: number; cli: number; psql: number; psqlBin: number; seed: number };
  scram: { inAppWarm: number; inAppCold: number; cli: number; psql: number; psqlBin: number };
}

export async function benchConnections(setup: BenchSetup, app: AppServices, report: Report, rounds: number): Promise<ConnectFigures> {
  const f = setup.fixture;
  const psqlEnv = (password: string): Record<string, string> => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(setup.dir, 'home'), LANG: 'C.UTF-8', PGPASSWORD: password });
  // Cold: a whole new service graph over the same store file (new signer and tester, empty caches).
  const storeDir = dirname((await app.store.status()).storePath);
  const cold = (): AppServices => createAppServices(benchPorts(storeDir, nullLogger));

  // --- IAM user -------------------------------------------------------------------------------
  const premade = await app.signer.sign(setup.iamDsn, { fresh: true });
  if (!premade.ok) throw new Error(`could not sign the pre-made token: ${premade.error.code}`);
  const token = premade.value.token;
  const seedCommand = [
    'PGPASSWORD="$(aws rds generate-db-auth-token',
    `--profile ${PROFILE} --hostname ${shq(f.endpointHost)} --port ${f.endpointPort} --region ${f.region} --username ${f.iamUser})"`,
    `psql ${shq(setup.conninfo(f.iamUser))} -c 'select 1'`,
  ].join(' ');
  const warmReports: ConnectionTestReport[] = [];
  const iamVariants: Variant[] = [
    inApp('warm', () => app, setup.iamDsn, warmReports, true),
    inApp('cold', cold, setup.iamDsn),
    { key: 'cli', run: () => procMs(process.execPath, [CLI_BUNDLE, 'test', '--file', setup.iamDsnFile], setup.childEnv(), repoRoot) },
    { key: 'psql', run: () => procMs('psql', [setup.conninfo(f.iamUser), '-c', 'select 1'], psqlEnv(token), repoRoot) },
    { key: 'psqlBin', run: () => procMs(PSQL_BINARY, [setup.conninfo(f.iamUser), '-c', 'select 1'], psqlEnv(token), repoRoot) },
    { key: 'seed', run: () => procMs('bash', ['-c', seedCommand], setup.childEnv(), repoRoot) },
  ];
  const iam = await alternate(iamVariants, rounds, 1);
  const sec = 'Test connection: IAM user (TLS, PAM + SigV4 verifier)';
  addRow(report, sec, iam, 'warm', 'in-app, warm (cached token)', `createApiHandlers(…).testConnection; phases ${phaseSummary(warmReports)}${callerNote(warmReports)}`);
  addRow(report, sec, iam, 'cold', 'in-app, cold (new services: signer, tester, …)', 'credentials resolved + token signed in the test');
  addRow(report, sec, iam, 'cli', 'iam-dsn test --file (whole process)', 'node out/cli/iam-dsn.js; signs a fresh token');
  addRow(report, sec, iam, 'psql', 'psql, pre-made token', 'PGPASSWORD=token psql "host=… hostaddr=127.0.0.1 sslmode=require sslrootcert=…" -c "select 1"');
  addRow(report, sec, iam, 'psqlBin', 'psql binary, pre-made token (diagnostic)', `${PSQL_BINARY}: without Debian's pg_wrapper (Perl) in front`);
  addRow(report, sec, iam, 'seed', 'seed workflow (one bash command)', 'PGPASSWORD=$(aws rds generate-db-auth-token …) psql … -c "select 1"');
  const figuresIam = { inAppWarm: med(iam, 'warm'), inAppCold: med(iam, 'cold'), cli: med(iam, 'cli'), psql: med(iam, 'psql'), psqlBin: med(iam, 'psqlBin'), seed: med(iam, 'seed') };
  report.add(sec, 'ratio in-app warm / psql', fmtRatio(figuresIam.inAppWarm / figuresIam.psql));
  report.add(sec, 'ratio in-app cold / psql', fmtRatio(figuresIam.inAppCold / figuresIam.psql));
  report.add(sec, 'ratio iam-dsn test / psql', fmtRatio(figuresIam.cli / figuresIam.psql));
  report.add(sec, 'ratio iam-dsn test / seed workflow', fmtRatio(figuresIam.cli / figuresIam.seed));
  report.add(sec, 'ratio in-app warm / psql binary', fmtRatio(figuresIam.inAppWarm / figuresIam.psqlBin), '', 'stricter: no pg_wrapper start-up');
  report.add(sec, 'ratio seed workflow / psql', fmtRatio(figuresIam.seed / figuresIam.psql), '', 'what aws CLI start-up adds per connection');

  // --- scram user -----------------------------------------------------------------------------
  const dbInput: DsnInput = { ...setup.dbDsn, password: f.dbPassword };
  const dbReports: ConnectionTestReport[] = [];
  const dbVariants: Variant[] = [
    inApp('warm', () => app, dbInput, dbReports),
    inApp('cold', cold, dbInput),
    { key: 'cli', run: () => procMs(process.execPath, [CLI_BUNDLE, 'test', '--file', setup.dbDsnFile], setup.childEnv({ PGPASSWORD: f.dbPassword }), repoRoot) },
    { key: 'psql', run: () => procMs('psql', [setup.conninfo(f.dbUser), '-c', 'select 1'], psqlEnv(f.dbPassword), repoRoot) },
    { key: 'psqlBin', run: () => procMs(PSQL_BINARY, [setup.conninfo(f.dbUser), '-c', 'select 1'], psqlEnv(f.dbPassword), repoRoot) },
  ];
  const db = await alternate(dbVariants, rounds, 1);
  const sec2 = 'Test connection: scram user (TLS, database password)';
  addRow(report, sec2, db, 'warm', 'in-app, warm', `phases ${phaseSummary(dbReports)}`);
  addRow(report, sec2, db, 'cold', 'in-app, cold (new services: signer, tester, …)', '');
  addRow(report, sec2, db, 'cli', 'iam-dsn test --file (whole process)', 'PGPASSWORD from the environment');
  addRow(report, sec2, db, 'psql', 'psql, PGPASSWORD', '');
  addRow(report, sec2, db, 'psqlBin', 'psql binary, PGPASSWORD (diagnostic)', 'without pg_wrapper');
  const figuresDb = { inAppWarm: med(db, 'warm'), inAppCold: med(db, 'cold'), cli: med(db, 'cli'), psql: med(db, 'psql'), psqlBin: med(db, 'psqlBin') };
  report.add(sec2, 'ratio in-app warm / psql', fmtRatio(figuresDb.inAppWarm / figuresDb.psql));
  report.add(sec2, 'ratio in-app warm / psql binary', fmtRatio(figuresDb.inAppWarm / figuresDb.psqlBin), '', 'stricter: no pg_wrapper start-up');
  report.add(sec2, 'ratio iam-dsn test / psql', fmtRatio(figuresDb.cli / figuresDb.psql));
  report.add(sec2, 'difference iam-dsn test − psql', fmtMs(figuresDb.cli - figuresDb.psql), '', 'client start-up and work beyond psql');
  return { iam: figuresIam, scram: figuresDb };
}
