/**
 * How fast Test connection fails, through the warm in-app handler: a refused loopback port, a
 * server that accepts and never answers (connect timeout 2 s), and missing credentials (default
 * chain, empty AWS files, no AWS_* keys, IMDS disabled). Alternated round by round.
 */
import { refusedPort, stalledServer } from '../test/fixture/net-fixtures';
import { type AppServices, testOnce } from './app-services';
import type { Report } from './report';
import type { BenchSetup } from './setup';
import { alternate, fmtMs, fmtSpread, median, type Variant } from './stats';
import type { DsnInput } from '../shared/dsn';

const STALL_TIMEOUT_S = 2;
const STALL_ROUNDS = 5;

/** A variant that expects the test to fail with `code`; anything else is a failure of the bench. */
function failing(key: string, app: AppServices, dsn: DsnInput, code: string, around?: () => () => void): Variant {
  return {
    key,
    run: async () => {
      const restore = around?.();
      try {
        const run = await testOnce(app, dsn);
        return run.failure === code ? run.ms : `expected ${code}, got ${run.failure === '' ? 'success' : run.failure}`;
      } finally {
        restore?.();
      }
    },
  };
}

export interface FailureFigures {
  refusedMs: number;
  stalledMs: number;
  stallTimeoutMs: number;
  missingMs: number;
}

export async function benchFailures(setup: BenchSetup, app: AppServices, report: Report, rounds: number): Promise<FailureFigures> {
  const refused = await refusedPort();
  const stalled = await stalledServer();
  try {
    const refusedDsn: DsnInput = { ...setup.iamDsn, name: 'refused', connectViaPort: refused };
    const stalledDsn: DsnInput = { ...setup.iamDsn, name: 'stalled', connectViaPort: stalled.port, connectTimeoutSeconds: STALL_TIMEOUT_S };
    const missingDsn: DsnInput = { ...setup.iamDsn, name: 'missing', credentialSource: { kind: 'default' } };
    // Empty AWS files for the missing-credentials test only (the SDK re-reads them: ignoreCache).
    const emptyFiles = (): (() => void) => {
      const saved = [process.env.AWS_CONFIG_FILE, process.env.AWS_SHARED_CREDENTIALS_FILE];
      process.env.AWS_CONFIG_FILE = setup.emptyAwsConfig;
      process.env.AWS_SHARED_CREDENTIALS_FILE = setup.emptyAwsCredentials;
      return () => {
        process.env.AWS_CONFIG_FILE = saved[0];
        process.env.AWS_SHARED_CREDENTIALS_FILE = saved[1];
      };
    };
    const variants: Variant[] = [
      failing('refused', app, refusedDsn, 'CONNECTION_REFUSED'),
      failing('stalled', app, stalledDsn, 'CONNECT_TIMEOUT'),
      failing('missing', app, missingDsn, 'CREDENTIALS_MISSING', emptyFiles),
    ];
    const results = await alternate(variants, rounds, 1, { stalled: STALL_ROUNDS });
    const s = (k: string): number[] => results.get(k)?.values ?? [];
    const failed = (k: string): string => {
      const r = results.get(k);
      return r !== undefined && r.failures > 0 ? ` · ${r.failures} FAILED (${r.firstFailure ?? '?'})` : '';
    };
    const figures: FailureFigures = { refusedMs: median(s('refused')), stalledMs: median(s('stalled')), stallTimeoutMs: STALL_TIMEOUT_S * 1000, missingMs: median(s('missing')) };
    const sec = 'Failure latency (in-app, warm handler)';
    report.add(sec, 'connection refused (closed loopback port)', fmtSpread(s('refused')), s('refused').length, `CONNECTION_REFUSED, token from cache${failed('refused')}`);
    const over = ((figures.stalledMs / figures.stallTimeoutMs - 1) * 100).toFixed(1);
    report.add(sec, `stalled server, connect timeout ${STALL_TIMEOUT_S} s`, fmtSpread(s('stalled')), s('stalled').length, `CONNECT_TIMEOUT; +${fmtMs(figures.stalledMs - figures.stallTimeoutMs)} (${over} %) over the timeout${failed('stalled')}`);
    report.add(sec, 'missing credentials (IMDS disabled, empty AWS files)', fmtSpread(s('missing')), s('missing').length, `CREDENTIALS_MISSING via the default chain${failed('missing')}`);
    return figures;
  } finally {
    await stalled.close();
  }
}
