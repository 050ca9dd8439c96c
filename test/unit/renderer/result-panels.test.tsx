// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionTestReport } from '../../../shared/connection-test';
import { err, ok } from '../../../shared/result';
import { ssoLoginCommand } from '../../../renderer/src/components/hint-command';
import { FakeApi, successReport, XSS } from './support/fake-api';
import { fillValidIamDsn, renderApp } from './support/render-app';

const identityReport: ConnectionTestReport = {
  ...successReport,
  retriedWithFreshToken: true,
  server: successReport.server === undefined ? undefined : { ...successReport.server, rdsIamMember: true },
  token: successReport.token === undefined ? undefined : { ...successReport.token, expiresAt: '2025-01-02T03:19:05.000Z' },
  identity: {
    source: 'profile app → role arn:aws:iam::123456789012:role/db',
    accessKeyIdMasked: 'ASIA…WXYZ',
    callerArn: 'arn:aws:sts::123456789012:assumed-role/db/iam-dsn-manager',
    credentialsExpireAt: '2025-01-02T04:04:05.000Z',
  },
};

const ssoFailure: ConnectionTestReport = {
  outcome: 'failure',
  totalMs: 31,
  startedAt: '2025-01-02T03:04:05.000Z',
  phases: [
    { name: 'sign', status: 'failed', durationMs: 31 },
    { name: 'tcp', status: 'skipped', durationMs: 0 },
    { name: 'tls', status: 'skipped', durationMs: 0 },
    { name: 'auth', status: 'skipped', durationMs: 0 },
    { name: 'query', status: 'skipped', durationMs: 0 },
  ],
  error: {
    code: 'SSO_LOGIN_REQUIRED',
    message: 'The SSO session of AWS profile "dev-sso" has expired or was never started.',
    hint: 'Sign in with `aws sso login --profile dev-sso`, then test again.',
    detail: `TokenProviderError: The SSO session token is invalid ${XSS}`,
  },
};

function mockClipboard() {
  const writeText = vi.fn(async (_text: string) => undefined);
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  return writeText;
}

async function runTest(api: FakeApi) {
  const view = renderApp(api);
  await fillValidIamDsn(view.user);
  await view.user.click(screen.getByRole('button', { name: 'Test connection' }));
  return { ...view, report: await screen.findByTestId('test-report') };
}

describe('success panel', () => {
  it('shows who signed, the token expiry, rds_iam membership and the fresh-token retry', async () => {
    const api = new FakeApi();
    api.testConnection.mockResolvedValueOnce(ok(identityReport));
    const { report } = await runTest(api);

    const who = within(report).getByRole('region', { name: 'Signed by' });
    expect(who).toHaveTextContent('profile app → role arn:aws:iam::123456789012:role/db');
    expect(who).toHaveTextContent('ASIA…WXYZ');
    expect(who).toHaveTextContent('arn:aws:sts::123456789012:assumed-role/db/iam-dsn-manager');
    expect(who.querySelector('time')).toHaveAttribute('datetime', '2025-01-02T04:04:05.000Z');
    expect(who).toHaveTextContent('Credentials expire');

    expect(within(report).getByTestId('token-expires').querySelector('time')).toHaveAttribute('datetime', '2025-01-02T03:19:05.000Z');
    expect(within(report).getByTestId('rds-iam-member')).toHaveTextContent('current_user is a member of rds_iam');
    expect(within(report).getByRole('note')).toHaveTextContent('retried once with a fresh token');
  });

  it('warns when current_user is not in rds_iam, and says when the caller is unknown', async () => {
    const api = new FakeApi();
    const { server } = identityReport;
    if (server === undefined) throw new Error('fixture needs server facts');
    api.testConnection.mockResolvedValueOnce(
      ok({
        ...identityReport,
        retriedWithFreshToken: false,
        server: { ...server, rdsIamMember: false },
        identity: { source: 'access keys', accessKeyIdMasked: 'AKIA…MPLE' },
      }),
    );
    const { report } = await runTest(api);
    expect(within(report).getByTestId('rds-iam-member')).toHaveTextContent('not a member: IAM logins will fail for this user');
    const who = within(report).getByRole('region', { name: 'Signed by' });
    expect(who).toHaveTextContent('not known');
    expect(who).not.toHaveTextContent('Credentials expire');
    expect(within(report).queryByRole('note')).not.toBeInTheDocument();
  });

  it('leaves out what the report does not know', async () => {
    const api = new FakeApi();
    api.testConnection.mockResolvedValueOnce(ok(successReport));
    const { report } = await runTest(api);
    expect(within(report).queryByRole('region', { name: 'Signed by' })).not.toBeInTheDocument();
    expect(within(report).queryByTestId('rds-iam-member')).not.toBeInTheDocument();
    expect(within(report).queryByTestId('token-expires')).not.toBeInTheDocument();
  });

  it('renders identity text from AWS as text', async () => {
    const api = new FakeApi();
    api.testConnection.mockResolvedValueOnce(ok({ ...identityReport, identity: { source: XSS, accessKeyIdMasked: '<b>AKIA</b>', callerArn: XSS } }));
    const { report } = await runTest(api);
    expect(within(report).getAllByText(XSS)).toHaveLength(2);
    expect(within(report).getByText('<b>AKIA</b>')).toBeInTheDocument();
    expect(report.querySelector('img, b')).toBeNull();
  });
});

describe('failure panel', () => {
  it('makes the SSO sign-in command the one primary action: Copy it', async () => {
    const api = new FakeApi();
    api.testConnection.mockResolvedValueOnce(ok(ssoFailure));
    const { report, user } = await runTest(api);
    const writeText = mockClipboard();

    expect(within(report).getByRole('heading', { name: /Could not get AWS credentials/ })).toBeInTheDocument();
    const actions = within(report).getAllByTestId('fix-action');
    expect(actions).toHaveLength(1);
    expect(actions[0]).toHaveAccessibleName('Copy aws sso login --profile dev-sso');
    expect(actions[0]).toHaveClass('primary');
    expect(within(report).getByTestId('error-hint').textContent).toBe(ssoFailure.error?.hint);
    expect(within(report).getByTestId('error-detail').textContent).toBe(ssoFailure.error?.detail);
    expect(within(report).getByText('AWS said')).toBeInTheDocument();
    expect(report.querySelector('img')).toBeNull();

    await user.click(actions[0] as HTMLElement);
    expect(writeText).toHaveBeenCalledWith('aws sso login --profile dev-sso');
    expect(await within(report).findByText(/Copied/)).toBeInTheDocument();
  });

  it('also when the test could not run, and says when copying fails', async () => {
    const api = new FakeApi();
    api.testConnection.mockResolvedValueOnce(err('SSO_LOGIN_REQUIRED', 'Sign in to AWS SSO first.', { hint: 'Run aws sso login --sso-session corp. Then test again.' }));
    const { report, user } = await runTest(api);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) }, configurable: true });
    const box = within(report).getByTestId('copy-command');
    expect(box.querySelector('code')?.textContent).toBe('aws sso login --sso-session corp');
    await user.click(within(box).getByRole('button', { name: 'Copy command' }));
    expect(await within(box).findByText(/Could not copy/)).toBeInTheDocument();
  });

  it('shows no command box for other errors', async () => {
    const api = new FakeApi();
    api.testConnection.mockResolvedValueOnce(ok({ ...ssoFailure, error: { code: 'ASSUME_ROLE_DENIED', message: 'Denied', hint: 'Run `aws sso login`' } }));
    const { report } = await runTest(api);
    await waitFor(() => expect(report).toHaveTextContent('Denied'));
    expect(within(report).queryByTestId('copy-command')).not.toBeInTheDocument();
    expect(within(report).queryByTestId('fix-action')).not.toBeInTheDocument();
  });
});

describe('ssoLoginCommand', () => {
  it.each([
    ['Run `aws sso login --profile dev`, then test again.', 'aws sso login --profile dev'],
    ['First `aws configure sso`, then `aws sso login --profile a.b`.', 'aws sso login --profile a.b'],
    ['Run aws sso login --profile dev.', 'aws sso login --profile dev'],
    ['Run aws sso login', 'aws sso login'],
    ['Check your network', undefined],
    [undefined, undefined],
  ])('%j → %j', (hint, command) => {
    expect(ssoLoginCommand(hint)).toBe(command);
  });
});
