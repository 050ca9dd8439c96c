/**
 * Tokens: a cold sign (a new signer from the one wiring: credentials resolved from the profile, then SigV4), a
 * cache hit (same signer, same target, many iterations per sample), a cache hit with the
 * credentials injected (what the token cache alone costs), and a token per process:
 * `aws rds generate-db-auth-token` and `iam-dsn token --file`. Alternated round by round.
 */
import { performance } from 'node:perf_hooks';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppServices } from '../electron/main/app-services';
import type { SignTarget, TokenSignerPort } from '../electron/main/iam-token/signer';
import type { CredentialProviderFactory } from '../electron/main/credentials/types';
import { nullLogger } from '../electron/main/platform/logger';
import { benchPorts } from './app-services';
import { CLI_BUNDLE } from '../test/integration/cli-harness';
import { procMs } from './procs';
import type { Report } from './report';
import { PROFILE, repoRoot, type BenchSetup } from './setup';
import { alternate, fmtMs, fmtRatio, fmtSpread, median, type Variant } from './stats';

const COLD_PER_ROUND = 10;
const HITS_PER_ROUND = 1000;

/** Mean ms per call of `count` sequential signs, or the first failure's code. */
async function perCall(signer: TokenSignerPort, target: SignTarget, count: number, expectCached: boolean): Promise<number | string> {
  const t = performance.now();
  for (let i = 0; i < count; i++) {
    const signed = await signer.sign(target);
    if (!signed.ok) return signed.error.code;
    if (signed.value.facts.fromCache !== expectCached) return expectCached ? 'not served from the cache' : 'served from the cache';
  }
  return (performance.now() - t) / count;
}

export interface TokenFigures {
  coldMs: number;
  hitMs: number;
  hitInjectedMs: number;
  awsMs: number;
}

export async function benchTokens(setup: BenchSetup, report: Report, rounds: number): Promise<TokenFigures> {
  const f = setup.fixture;
  const key = f.keys[0];
  if (key === undefined) throw new Error('the fixture has no key');
  const target = setup.iamDsn;
  // Signers come from the one wiring, over an empty store of their own.
  const storeDir = mkdtempSync(join(tmpdir(), 'iamdsn-bench-token-'));
  const newSigner = (credentialProviderFactory?: CredentialProviderFactory): TokenSignerPort => createAppServices(benchPorts(storeDir, nullLogger, { credentialProviderFactory })).signer;
  const warm = newSigner();
  const injected = newSigner(() => () => Promise.resolve({ ...key }));
  const variants: Variant[] = [
    {
      key: 'cold',
      run: async () => {
        const times: number[] = [];
        for (let i = 0; i < COLD_PER_ROUND; i++) {
          const ms = await perCall(newSigner(), target, 1, false);
          if (typeof ms === 'string') return ms;
          times.push(ms);
        }
        return median(times);
      },
    },
    { key: 'hit', run: () => perCall(warm, target, HITS_PER_ROUND, true) },
    { key: 'hitInjected', run: () => perCall(injected, target, HITS_PER_ROUND, true) },
    {
      key: 'aws',
      run: () =>
        procMs('aws', ['rds', 'generate-db-auth-token', '--profile', PROFILE, '--hostname', f.endpointHost, '--port', String(f.endpointPort), '--region', f.region, '--username', f.iamUser], setup.childEnv(), repoRoot),
    },
    { key: 'cli', run: () => procMs(process.execPath, [CLI_BUNDLE, 'token', '--file', setup.iamDsnFile], setup.childEnv(), repoRoot) },
  ];
  // The first sign of each signer fills its cache; every later one is a hit.
  for (const signer of [warm, injected]) {
    const first = await signer.sign(target);
    if (!first.ok) throw new Error(`signing failed: ${first.error.code}`);
  }
  const results = await alternate(variants, rounds, 1);
  const values = (k: string): number[] => results.get(k)?.values ?? [];
  const failed = (k: string): string => {
    const s = results.get(k);
    return s !== undefined && s.failures > 0 ? ` · ${s.failures} FAILED (${s.firstFailure ?? '?'})` : '';
  };
  const sec = 'IAM token';
  report.add(sec, 'cold sign (new signer, profile credentials)', fmtSpread(values('cold')), `${rounds}×${COLD_PER_ROUND}`, `median of per-round medians; fromIni + SigV4${failed('cold')}`);
  report.add(sec, 'cache hit (same signer, same target)', fmtSpread(values('hit')), `${rounds}×${HITS_PER_ROUND}`, `mean per call in each batch of ${HITS_PER_ROUND}${failed('hit')}`);
  report.add(sec, 'cache hit, credentials injected (no profile read)', fmtSpread(values('hitInjected')), `${rounds}×${HITS_PER_ROUND}`, `diagnostic: the token cache without credential resolution${failed('hitInjected')}`);
  report.add(sec, 'aws rds generate-db-auth-token (per token)', fmtSpread(values('aws')), rounds, `whole process, aws CLI${failed('aws')}`);
  report.add(sec, 'iam-dsn token --file (per token)', fmtSpread(values('cli')), rounds, `whole process, node out/cli/iam-dsn.js${failed('cli')}`);
  const figures = { coldMs: median(values('cold')), hitMs: median(values('hit')), hitInjectedMs: median(values('hitInjected')), awsMs: median(values('aws')) };
  report.add(sec, 'ratio aws CLI token / cold sign', fmtRatio(figures.awsMs / figures.coldMs));
  report.add(sec, 'credential resolution share of a cache hit', fmtMs(figures.hitMs - figures.hitInjectedMs), '', 'cache hit − cache hit with credentials injected');
  return figures;
}
