/**
 * Credential sources end to end: the built renderer in real Chromium, the real main-process
 * handlers with the REAL AWS SDK credential chain (shared files from a temp AWS_CONFIG_FILE, typed
 * keys, a role assumed with MFA through the loopback STS emulator), the real MFA broker pushing
 * its request to the page, and the IAM-checking PostgreSQL fixture accepting the keys STS issues.
 * Nothing reaches AWS. Screenshots go to test-results/e2e/1x-credentials-*.png.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIamPostgres } from '../fixture/iam-postgres';
import type { FixtureAccessKey, IamPostgres } from '../fixture/iam-postgres-types';
import { startStsEmulator, type StsEmulator } from '../fixture/sts-emulator';
import { createAwsSandbox, type AwsSandbox } from '../fixture/sts-emulator-harness';
import { SCREENSHOT_DIR, startE2eApp, type E2eApp } from './support/app-harness';
import { openTab } from './support/ui';

const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/e2e-db-connect`;
const MFA_SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/e2e-user`;
const MFA_CODE = '246810';

let fixture: IamPostgres;
let sts: StsEmulator;
let sandbox: AwsSandbox;
let app: E2eApp;
let page: Page;

const field = (label: string) => page.getByLabel(label, { exact: true });
const report = () => page.getByTestId('test-report');
const shot = async (name: string, focus?: string) => {
  if (focus !== undefined) await page.getByTestId(focus).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
};

function longTermKey(): FixtureAccessKey {
  const key = fixture.keys[0];
  if (key === undefined) throw new Error('fixture has no long-term key');
  return key;
}

/** Starts a new DSN for the fixture, through the tunnel, with STS at the emulator. */
/** Starts a new DSN for the fixture, through the tunnel, with STS at the emulator; ends on the Credentials tab. */
async function newFixtureDsn(name: string): Promise<void> {
  await page.getByRole('button', { name: 'New DSN' }).click();
  // The DSN before (if any) was saved; an unsaved one is dropped.
  if ((await page.getByRole('alertdialog').count()) > 0) await page.getByRole('button', { name: 'Don’t save' }).click();
  await field('Name').fill(name);
  await field('Server').fill(fixture.endpointHost);
  await field('Port').fill(String(fixture.endpointPort));
  await field('User name').fill(fixture.iamUser);
  await openTab(page, 'TLS & network');
  await page.getByRole('radio', { name: /^Connect via host:port/ }).check();
  await field('Connect via host').fill('127.0.0.1');
  await field('Connect via port').fill(String(fixture.port));
  await field('CA bundle path').fill(fixture.caPath);
  await openTab(page, 'Credentials');
  await field('STS endpoint').fill(sts.url);
}

async function chooseProfile(name: string): Promise<void> {
  await field('Credential source').selectOption('profile');
  await page.getByRole('button', { name: 'Show profiles' }).click();
  await page.getByRole('listbox', { name: 'AWS profiles' }).getByRole('option', { name: new RegExp(`^${name} `) }).click();
}

async function testConnection(): Promise<string | null> {
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect.poll(() => report().getAttribute('data-outcome'), { timeout: 45_000 }).not.toBeNull();
  return report().getAttribute('data-outcome');
}

beforeAll(async () => {
  fixture = await startIamPostgres();
  sts = await startStsEmulator({
    keys: [{ ...longTermKey(), userName: 'e2e-user' }],
    accountId: ACCOUNT,
    roles: [{ arn: ROLE_ARN, mfaSerial: MFA_SERIAL, mfaCode: MFA_CODE }],
    onIssue: (key) => fixture.addKey(key),
  });
  sandbox = await createAwsSandbox();
  const key = longTermKey();
  const config = [
    '[profile e2e-keys]',
    `region = ${fixture.region}`,
    '',
    '[profile e2e-role]',
    `role_arn = ${ROLE_ARN}`,
    'source_profile = e2e-keys',
    `mfa_serial = ${MFA_SERIAL}`,
    'region = eu-west-1',
    '',
    '[profile e2e-sso]',
    'sso_session = e2e-corp',
    `sso_account_id = ${ACCOUNT}`,
    'sso_role_name = ReadOnly',
    'region = eu-central-1',
    '',
    '[sso-session e2e-corp]',
    'sso_start_url = https://e2e-corp.awsapps.com/start',
    'sso_region = eu-central-1',
    'sso_registration_scopes = sso:account:access',
    '',
  ].join('\n');
  const credentials = ['[e2e-keys]', `aws_access_key_id = ${key.accessKeyId}`, `aws_secret_access_key = ${key.secretAccessKey}`, ''].join('\n');
  sandbox.useInProcessEnv(await sandbox.writeAwsFiles(config, credentials));
  // No fixed credentials: the app resolves them with the real SDK chain, as it does for users.
  app = await startE2eApp({ mfaTimeoutMs: 60_000 });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  await sandbox?.cleanup();
  await sts?.stop();
  await fixture?.stop();
});

describe('credential sources', () => {
  it('lists the profiles of AWS_CONFIG_FILE with kind, region and MFA; choosing one fills Region', async () => {
    await newFixtureDsn('profile e2e-keys');
    await openTab(page, 'Connection');
    await field('Region').fill('');
    await openTab(page, 'Credentials');
    await field('Credential source').selectOption('profile');
    const input = page.getByRole('combobox', { name: 'Profile name' });
    await page.getByRole('button', { name: 'Show profiles' }).click();
    const list = page.getByRole('listbox', { name: 'AWS profiles' });
    await expect.poll(() => list.getByRole('option').count()).toBe(3);
    const texts = await list.getByRole('option').allInnerTexts();
    expect(texts.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
      `e2e-keys static keys ${fixture.region}`,
      'e2e-role role eu-west-1 needs MFA',
      'e2e-sso SSO eu-central-1',
    ]);
    await input.scrollIntoViewIfNeeded();
    await shot('11-credentials-profile-list');

    await list.getByRole('option', { name: /^e2e-keys / }).click();
    expect(await input.inputValue()).toBe('e2e-keys');
    await openTab(page, 'Connection');
    expect(await field('Region').inputValue()).toBe(fixture.region);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('dsn-list').getByRole('button', { name: 'profile e2e-keys' }).count()).toBe(1);

    expect(await testConnection()).toBe('success');
    const who = await report().getByRole('region', { name: 'Signed by' }).innerText();
    expect(who).toContain('AWS profile "e2e-keys"');
    expect(who).toContain(`${longTermKey().accessKeyId.slice(0, 4)}…${longTermKey().accessKeyId.slice(-4)}`);
  });

  it('assumes a role with MFA: the dialog asks for the code, then the report shows who signed', async () => {
    await newFixtureDsn('role with MFA');
    await chooseProfile('e2e-keys');
    await field('Assume a role').check();
    await field('Role ARN').fill(ROLE_ARN);
    await field('Session name').fill('e2e-session');
    await field('MFA device ARN').fill(MFA_SERIAL);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('dsn-list').getByRole('button', { name: 'role with MFA' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Test connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'MFA code needed' });
    await dialog.waitFor({ timeout: 30_000 });
    const code = dialog.getByLabel('MFA code');
    expect(await code.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await dialog.innerText()).toContain(MFA_SERIAL);
    expect(await dialog.getByRole('timer').innerText()).toMatch(/^[01]:\d\d$/);
    await code.fill(MFA_CODE);
    await shot('12-credentials-mfa-dialog');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.waitFor({ state: 'detached' });

    await expect.poll(() => report().getAttribute('data-outcome'), { timeout: 45_000 }).toBe('success');
    const who = report().getByRole('region', { name: 'Signed by' });
    const text = await who.innerText();
    expect(text).toContain(`role ${ROLE_ARN}`);
    expect(text).toMatch(/ASIA…\w{4}/);
    expect(text).toContain('Credentials expire');
    expect(await report().innerText()).toContain(fixture.iamUser);
    await shot('13-credentials-success-identity', 'test-report');
    expect(sts.issued().some((k) => k.action === 'AssumeRole')).toBe(true);
  });

  it('cancelling the MFA prompt fails the test with MFA_REQUIRED', async () => {
    await field('Session name').fill('e2e-session-2');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'MFA code needed' });
    await dialog.waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => report().getAttribute('data-outcome'), { timeout: 30_000 }).not.toBe('success');
    const text = await report().innerText();
    expect(text).toContain('MFA_REQUIRED');
    // A credential failure says so, not "Connection failed".
    expect(text).toContain('Could not get AWS credentials');
  });

  it('a wrong MFA code keeps the dialog open ("rejected… enter the next one"); the next code passes', async () => {
    await field('Session name').fill('e2e-session-3');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'MFA code needed' });
    await dialog.waitFor({ timeout: 30_000 });
    const wrong = '000000'; // MFA_CODE is another six digits
    await dialog.getByLabel('MFA code').fill(wrong);
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText().catch(() => ''), { timeout: 30_000 }).toContain('AWS rejected that code');
    expect(await dialog.isVisible()).toBe(true);
    await shot('14-credentials-mfa-rejected');
    await dialog.getByLabel('MFA code').fill(MFA_CODE);
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => report().getAttribute('data-outcome'), { timeout: 45_000 }).toBe('success');
  });

  it('an SSO profile without a session fails with the login command to copy', async () => {
    await newFixtureDsn('sso without login');
    await chooseProfile('e2e-sso');
    expect(await testConnection()).not.toBe('success');
    expect(await report().innerText()).toContain('SSO_LOGIN_REQUIRED');
    // The one primary action: copy the sign-in command.
    const action = report().getByTestId('fix-action');
    expect(await action.innerText()).toBe('Copy aws sso login --profile e2e-sso');
    await action.click();
    await expect.poll(() => report().getByText('Copied').count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('aws sso login --profile e2e-sso');
    await shot('14-credentials-failure', 'test-report');
  });

  it('typed access keys are write-only: saved, shown as stored, and used', async () => {
    const key = longTermKey();
    await newFixtureDsn('typed keys');
    await openTab(page, 'Connection');
    await field('Region').fill(fixture.region);
    await openTab(page, 'Credentials');
    await field('Credential source').selectOption('static');
    await field('Access key ID').fill(key.accessKeyId);
    await field('Secret access key').fill(key.secretAccessKey);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('dsn-list').getByRole('button', { name: 'typed keys' }).count()).toBe(1);
    expect(await field('Secret access key').inputValue()).toBe('');
    expect(await field('Secret access key').getAttribute('aria-describedby')).not.toBeNull();
    const described = await field('Secret access key').evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(described).toMatch(/^stored\b/);
    expect(await page.content()).not.toContain(key.secretAccessKey);

    expect(await testConnection()).toBe('success');
    expect(await report().getByRole('region', { name: 'Signed by' }).innerText()).toContain('typed keys');
  });

  it('never sent a secret key or session token to the page, nor wrote one to the log', async () => {
    const log = await readFile(app.logPath, 'utf8').catch(() => '');
    const everything = app.responses.join('\n') + log;
    const secrets = [longTermKey().secretAccessKey, ...sts.issued().flatMap((k) => [k.secretAccessKey, k.sessionToken])];
    expect(secrets.length).toBeGreaterThan(1);
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(everything).not.toContain(MFA_CODE);
    expect(everything).not.toMatch(/X-Amz-Signature|X-Amz-Credential/);
    expect(sandbox.awsAttempts()).toEqual([]);
  });
});
