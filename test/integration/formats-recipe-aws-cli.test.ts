/**
 * The export's token recipe with a role to assume, run by the real AWS CLI (botocore) in bash
 * against the loopback STS emulator, in a sandbox with no AWS config and no region anywhere but the
 * DSN: the recipe must carry the region and the STS endpoint the way the app's own test uses them.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dsn } from '../../shared/dsn';
import { exportDsn } from '../../shared/formats';
import { recipeCommand } from '../../shared/formats/credentials';
import { startStsEmulator, type StsEmulator } from '../fixture/sts-emulator';
import { type AwsFiles, createAwsSandbox, type AwsSandbox } from '../fixture/sts-emulator-harness';
import { IAM_DSN } from '../support/dsn-fixtures';
import { requireTool } from '../support/require-tool';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/dsn-reader';
const USER_KEY = { accessKeyId: 'AKIAEXAMPLERECIPE001', secretAccessKey: 'recipe/user/secret/key/0000000000000000' };

let sts: StsEmulator;
let sandbox: AwsSandbox;
let files: AwsFiles;

const hasAws = requireTool('aws', 'the token recipe run by the real AWS CLI');

beforeAll(async () => {
  if (!hasAws) return;
  sandbox = await createAwsSandbox();
  sts = await startStsEmulator({ keys: [{ ...USER_KEY, userName: 'dsn-user' }], roles: [{ arn: ROLE_ARN }] });
  files = await sandbox.writeAwsFiles('');
});

afterAll(async () => {
  await sts?.stop();
  await sandbox?.cleanup();
});

describe.skipIf(!hasAws)('assume-role token recipe in the real AWS CLI', () => {
  it('issue 11 #10: with an STS endpoint and no configured region, the recipe assumes the role in the DSN\'s region and signs with its keys', async () => {
    const dsn: Dsn = {
      ...IAM_DSN,
      region: 'eu-west-2',
      server: 'orders.abc123xyz.eu-west-2.rds.amazonaws.com',
      credentialSource: { kind: 'default' },
      assumeRole: { roleArn: ROLE_ARN, sessionName: 'iamdsn-recipe', externalId: '', durationSeconds: 900, mfaSerial: '' },
      stsEndpoint: sts.url,
    };
    // Asynchronous: the emulator answers from this process.
    const run = await promisify(execFile)('/bin/bash', ['--norc', '--noprofile', '-c', `printf '%s' "$(${recipeCommand(dsn, undefined)})"`], {
      encoding: 'utf8',
      env: sandbox.cliEnv(files, { AWS_ACCESS_KEY_ID: USER_KEY.accessKeyId, AWS_SECRET_ACCESS_KEY: USER_KEY.secretAccessKey }),
      timeout: 60_000,
    }).catch((error: { stdout: string; stderr: string }) => error);
    expect(run.stderr).not.toMatch(/region/i);
    const issued = sts.issued();
    expect(issued.map((k) => k.arn)).toEqual([`arn:aws:sts::123456789012:assumed-role/dsn-reader/iamdsn-recipe`]);
    expect(sts.requests().map((r) => [r.action, r.region, r.ok])).toEqual([['AssumeRole', 'eu-west-2', true]]);
    const token = new URL(`https://${run.stdout}`);
    expect(token.host).toBe(`${dsn.server}:5432`);
    expect(token.searchParams.get('X-Amz-Credential')?.split('/').slice(0, 3)).toEqual([issued[0]?.accessKeyId, expect.stringMatching(/^\d{8}$/), 'eu-west-2']);
    expect(token.searchParams.get('X-Amz-Security-Token')).toBe(issued[0]?.sessionToken);
    // The export that shows the recipe is the same text.
    expect(exportDsn(dsn, 'psql').text).toContain(recipeCommand(dsn, undefined));
    expect(sandbox.awsAttempts()).toEqual([]);
  });
});
