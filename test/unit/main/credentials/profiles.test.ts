/** listProfiles: kinds, regions, MFA, sources, env-overridden paths, malformed and unreadable files. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstMalformedLine, listProfiles, profileKind, sharedFilePaths } from '../../../../electron/main/credentials/profiles';
import type { AwsProfileInfo } from '../../../../shared/ipc-contract';
import type { Result } from '../../../../shared/result';

const SECRET = 'CANARYsecretKEY/profiles/0123456789abcdefgh';
const TOKEN = 'IQoJb3JpZ2luX2VjECANARYprofilesTOKEN0123456789+/=';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-profiles-'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

function files(config: string, credentials = ''): { configPath: string; credentialsPath: string } {
  const configPath = join(dir, 'config');
  const credentialsPath = join(dir, 'credentials');
  writeFileSync(configPath, config);
  writeFileSync(credentialsPath, credentials);
  return { configPath, credentialsPath };
}

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

const CONFIG = `
# a comment
[default]
region = us-east-1

[profile static-keys]
region = eu-west-1

[profile role-app]
region = eu-central-1
source_profile = static-keys
role_arn = arn:aws:iam::123456789012:role/app
external_id = ext-1

[profile role-mfa]
source_profile = static-keys
role_arn = arn:aws:iam::123456789012:role/admin
mfa_serial = arn:aws:iam::123456789012:mfa/me

[profile chained]
source_profile = role-mfa
role_arn = arn:aws:iam::123456789012:role/deeper

[profile ec2-role]
credential_source = Ec2InstanceMetadata
role_arn = arn:aws:iam::123456789012:role/ec2

[profile sso-new]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = ReadOnly
region = ap-southeast-2

[profile sso-legacy]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = ReadOnly

[profile proc]
credential_process = /usr/local/bin/get-creds --account prod

[profile web]
role_arn = arn:aws:iam::123456789012:role/web
web_identity_token_file = /var/run/token

[profile only-region]
region = sa-east-1
s3 =
  max_concurrent_requests = 10

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[services local]
sts =
  endpoint_url = http://127.0.0.1:4566
`;

const CREDENTIALS = `
[static-keys]
aws_access_key_id = AKIACANARYPROFILES01
aws_secret_access_key = ${SECRET}

[creds-only]
aws_access_key_id = ASIACANARYPROFILES02
aws_secret_access_key = ${SECRET}
aws_session_token = ${TOKEN}
`;

describe('listProfiles', () => {
  it('lists every profile of both files, sorted, with kind, region, MFA and sources; never a secret', async () => {
    const list = value(await listProfiles(files(CONFIG, CREDENTIALS)));
    const byName = (name: string): AwsProfileInfo | undefined => list.find((p) => p.name === name);
    expect(list.map((p) => p.name)).toEqual(['chained', 'creds-only', 'default', 'ec2-role', 'only-region', 'proc', 'role-app', 'role-mfa', 'sso-legacy', 'sso-new', 'static-keys', 'web']);
    expect(byName('static-keys')).toEqual({ name: 'static-keys', kind: 'static', region: 'eu-west-1', needsMfa: false, sources: ['config', 'credentials'] });
    expect(byName('creds-only')).toEqual({ name: 'creds-only', kind: 'static', region: undefined, needsMfa: false, sources: ['credentials'] });
    expect(byName('role-app')).toEqual({ name: 'role-app', kind: 'role', region: 'eu-central-1', needsMfa: false, sources: ['config'] });
    expect(byName('role-mfa')).toMatchObject({ kind: 'role', needsMfa: true });
    expect(byName('chained')).toMatchObject({ kind: 'role', needsMfa: true });
    expect(byName('ec2-role')).toMatchObject({ kind: 'role', needsMfa: false });
    expect(byName('sso-new')).toMatchObject({ kind: 'sso', region: 'ap-southeast-2' });
    expect(byName('sso-legacy')).toMatchObject({ kind: 'sso' });
    expect(byName('proc')).toMatchObject({ kind: 'process' });
    expect(byName('web')).toMatchObject({ kind: 'web-identity' });
    expect(byName('only-region')).toMatchObject({ kind: 'unknown', region: 'sa-east-1' });
    expect(byName('default')).toMatchObject({ kind: 'unknown', region: 'us-east-1', sources: ['config'] });
    const text = JSON.stringify(list);
    for (const secret of [SECRET, TOKEN, 'AKIACANARYPROFILES01', 'get-creds', 'corp.awsapps.com', '/var/run/token']) expect(text).not.toContain(secret);
  });

  it('returns an empty list when neither file exists', async () => {
    expect(value(await listProfiles({ configPath: join(dir, 'none'), credentialsPath: join(dir, 'none-either') }))).toEqual([]);
  });

  it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, and HOME for the defaults', async () => {
    const { configPath, credentialsPath } = files('[profile from-env]\nregion = us-west-2\n', '[env-creds]\naws_access_key_id = AKIAX\naws_secret_access_key = y\n');
    vi.stubEnv('AWS_CONFIG_FILE', configPath);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', credentialsPath);
    expect(sharedFilePaths()).toEqual({ configPath, credentialsPath });
    expect(value(await listProfiles()).map((p) => p.name)).toEqual(['env-creds', 'from-env']);

    const home = join(dir, 'home');
    mkdirSync(join(home, '.aws'), { recursive: true });
    writeFileSync(join(home, '.aws', 'config'), '[profile in-home]\nregion = us-east-2\n');
    vi.stubEnv('AWS_CONFIG_FILE', undefined);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', undefined);
    vi.stubEnv('HOME', home);
    expect(sharedFilePaths()).toEqual({ configPath: join(home, '.aws', 'config'), credentialsPath: join(home, '.aws', 'credentials') });
    expect(value(await listProfiles())).toEqual([{ name: 'in-home', kind: 'unknown', region: 'us-east-2', needsMfa: false, sources: ['config'] }]);
  });

  it.each([
    ['a setting before any section', `aws_secret_access_key = ${SECRET}\n[default]\nregion = us-east-1\n`, 1],
    ['a line that is no setting', `[default]\nregion = us-east-1\naws_secret_access_key ${SECRET}\n`, 3],
    ['a binary file', '\0\0\0garbage', 1],
    ['a __proto__ profile', '[profile __proto__]\nregion = us-east-1\n', 1],
  ])('refuses a malformed file (%s) with STORE_IO naming the line, never quoting it', async (_label, config, line) => {
    const paths = files(config);
    const r = await listProfiles(paths);
    expect(r).toMatchObject({ ok: false, error: { code: 'STORE_IO', message: expect.stringContaining(`line ${line}`) } });
    expect(r.ok ? '' : r.error.message).toContain(paths.configPath);
    expect(JSON.stringify(r)).not.toContain(SECRET);
  });

  it('refuses an unreadable file (a folder) with STORE_IO and its error code', async () => {
    const credentialsPath = join(dir, 'a-folder');
    mkdirSync(credentialsPath);
    const r = await listProfiles({ configPath: files(CONFIG).configPath, credentialsPath });
    expect(r).toMatchObject({ ok: false, error: { code: 'STORE_IO', message: expect.stringContaining('EISDIR') } });
  });
});

describe('profile kinds and line checks', () => {
  it('follows fromIni order: role before static, static before process and SSO', () => {
    expect(profileKind({ role_arn: 'r', source_profile: 's', aws_access_key_id: 'k' })).toBe('role');
    expect(profileKind({ role_arn: 'r', aws_access_key_id: 'k' })).toBe('static');
    expect(profileKind({ credential_process: 'x', sso_session: 's' })).toBe('process');
    expect(profileKind({ role_arn: 'r' })).toBe('unknown');
  });

  it('accepts comments, indented sub-settings, continuation lines and key: value', () => {
    expect(firstMalformedLine('; c\n[a]\nk=v # note\n  sub = 1\n  more text\nx: y\n')).toBeUndefined();
    expect(firstMalformedLine('[a]\n=v\n')).toBe(2);
  });
});
