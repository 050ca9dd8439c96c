/**
 * Issue 11 (also): a test that succeeds still says when the Region field disagrees with the region
 * the endpoint name carries. The real IAM PostgreSQL fixture checks tokens for us-east-1 while its
 * endpoint name says eu-west-1 (as a CNAME-free name never would on AWS, so the app must say it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureIamDsn } from '../fixture/fixture-dsn';
import { type IamPostgresInternals, startIamPostgres } from '../fixture/iam-postgres';
import { createTestApp, type TestApp } from '../support/app';

let fixture: IamPostgresInternals;
let app: TestApp;
let dir: string;

beforeAll(async () => {
  fixture = await startIamPostgres({ region: 'us-east-1', endpointHost: 'regional.abc123xyz.eu-west-1.rds.amazonaws.com' });
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-region-note-'));
  const key = fixture.keys[0];
  if (key === undefined) throw new Error('fixture has no key');
  app = createTestApp(dir, { credentialProviderFactory: () => () => Promise.resolve(key) });
}, 180_000);

afterAll(async () => {
  await fixture?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a successful test with a Region the endpoint name contradicts', () => {
  it('succeeds, and the sign phase says the regions differ', async () => {
    const report = await app.services.tester.test(fixtureIamDsn(fixture, { name: 'region note' }));
    expect(report.outcome, JSON.stringify(report.error)).toBe('success');
    expect(report.phases.find((p) => p.name === 'sign')?.note).toContain('the Region field (us-east-1) differs from the region in the endpoint name (eu-west-1): check Region');
  });
});
