/**
 * The app's signer against botocore (the AWS CLI's own signing code, python3 on the machine) at one
 * frozen instant: for a matrix of hosts (mixed case, a final dot, China, GovCloud, RDS Proxy and
 * its custom endpoints, a custom DNS name), users, regions, long-term and temporary keys, both must
 * make the very same token, so the test, `iam-dsn token`, the refresher and every recipe agree.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AwsCredentials } from '../../electron/main/credentials/types';
import { signingHost } from '../../shared/host';
import { recipeArgv } from '../../shared/formats/credentials';
import { FakeClock, iamDsn } from '../support/fakes';
import { testServices } from '../support/app';
import { requireTool } from '../support/require-tool';

/** botocore's generate_db_auth_token with its clock fixed at argv[1]; one token per case of argv[2]. */
const BOTOCORE = `
import datetime, json, sys
import botocore.auth, botocore.session
frozen = datetime.datetime.strptime(sys.argv[1], "%Y-%m-%dT%H:%M:%SZ")
botocore.auth.get_current_datetime = lambda remove_tzinfo=True: frozen if remove_tzinfo else frozen.replace(tzinfo=datetime.timezone.utc)
session = botocore.session.Session()
out = []
for c in json.loads(sys.argv[2]):
    client = session.create_client("rds", region_name=c["region"], aws_access_key_id=c["accessKeyId"], aws_secret_access_key=c["secretAccessKey"], aws_session_token=c.get("sessionToken"))
    out.append(client.generate_db_auth_token(DBHostname=c["host"], Port=c["port"], DBUsername=c["user"], Region=c["region"]))
print(json.dumps(out))
`;

const FROZEN = '2030-03-04T05:06:07Z';
const LONG_TERM: AwsCredentials = { accessKeyId: 'AKIAEXAMPLEEXAMPLE01', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const TEMPORARY: AwsCredentials = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE02',
  secretAccessKey: 'tmp/Secret+Key=0123456789abcdefghijABCDEFGH',
  sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+session/token==',
  expiration: new Date('2030-03-04T06:00:00Z'),
};

interface Case {
  server: string;
  region: string;
  user: string;
  port: number;
  keys: AwsCredentials;
}

const HOSTS: Array<[string, string]> = [
  ['Orders.ABC123xyz.US-East-1.RDS.amazonaws.com', 'us-east-1'],
  ['orders.abc123xyz.us-east-1.rds.amazonaws.com.', 'us-east-1'],
  ['mydb.abc123.rds.cn-north-1.amazonaws.com.cn', 'cn-north-1'],
  ['GovDB.abc123.us-gov-west-1.rds.amazonaws.com', 'us-gov-west-1'],
  ['myproxy.proxy-abc123xyz.ap-south-1.rds.amazonaws.com', 'ap-south-1'],
  ['Reader.endpoint.proxy-abc123xyz.eu-west-1.rds.amazonaws.com', 'eu-west-1'],
  ['db.Internal.Example.COM', 'eu-central-1'],
];
const USERS = ['app_user', 'IAM.User-42'];

const CASES: Case[] = HOSTS.flatMap(([server, region], i) =>
  USERS.map((user, j) => ({ server, region, user, port: i % 2 === 0 ? 5432 : 6543, keys: (i + j) % 2 === 0 ? LONG_TERM : TEMPORARY })),
);

function botocoreTokens(cases: readonly Case[]): string[] {
  const input = cases.map((c) => ({ host: signingHost(c.server), port: c.port, user: c.user, region: c.region, ...c.keys, expiration: undefined }));
  const run = spawnSync('python3', ['-c', BOTOCORE, FROZEN, JSON.stringify(input)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as string[];
}

/** A token with its query parameters in one order: botocore puts X-Amz-Signature last, the JS SDK in sort order; RDS reads them by name. */
function canonical(token: string): string {
  const [head = '', query = ''] = token.split('/?');
  return `${head}/?${query.split('&').sort().join('&')}`;
}

afterEach(() => vi.useRealTimers());

describe.skipIf(!requireTool('python3', 'the botocore cross-check of IAM tokens'))('the app signer and botocore', () => {
  it('issue 11 #11 / #12 and acceptance 2: identical tokens for every host, user, region and key kind at one instant', async () => {
    const expected = botocoreTokens(CASES).map(canonical);
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(FROZEN) });
    const tokens: string[] = [];
    for (const c of CASES) {
      const services = testServices({ clock: new FakeClock(Date.parse(FROZEN)), credentialProviderFactory: () => () => Promise.resolve(c.keys) });
      const signed = await services.signer.sign(iamDsn({ server: c.server, region: c.region, user: c.user, port: c.port, credentialSource: { kind: 'default' } }), { fresh: true });
      if (!signed.ok) throw new Error(JSON.stringify(signed.error));
      tokens.push(canonical(signed.value.token));
      // What the report and `iam-dsn token` show is what was signed.
      expect(signed.value.facts.signedFor).toBe(`${signingHost(c.server)}:${c.port}`);
    }
    expect(tokens).toEqual(expected);
    // Upper case and the final dot are gone from what is signed, and the recipe passes the same name.
    expect(tokens[0]?.startsWith('orders.abc123xyz.us-east-1.rds.amazonaws.com:5432/?')).toBe(true);
    expect(tokens[2]?.startsWith('orders.abc123xyz.us-east-1.rds.amazonaws.com:6543/?')).toBe(true);
    expect(recipeArgv(iamDsn({ server: HOSTS[0]?.[0] ?? '' }), undefined)).toContain('orders.abc123xyz.us-east-1.rds.amazonaws.com');
  });
});
