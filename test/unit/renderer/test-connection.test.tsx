// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionTestReport, PhaseName } from '../../../shared/connection-test';
import { err, ok, type Result } from '../../../shared/result';
import { deferred, FakeApi, pamFailureReport, savedDsn, successReport, XSS } from './support/fake-api';
import { fieldError, fillValidIamDsn, renderApp, retype } from './support/render-app';

function phaseRow(name: string): HTMLElement {
  return screen.getByTestId(`phase-${name}`);
}

describe('Test connection', () => {
  it('does not run with an invalid form and points at the fields', async () => {
    const { user, api } = renderApp();
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Fix the highlighted fields to test.')).toBeInTheDocument();
    expect(fieldError(screen.getByLabelText('Server'))).toBe('Server is required');
    // The field is focused once its tab is shown (a render after the errors).
    await waitFor(() => expect(screen.getByLabelText('Server')).toHaveFocus());
    expect(api.testConnection).not.toHaveBeenCalled();
  });

  it('needs no name: an unnamed DSN is tested as user@host', async () => {
    const { user, api } = renderApp();
    await user.type(screen.getByLabelText('Server'), 'orders.abc.eu-west-2.rds.amazonaws.com');
    await user.type(screen.getByLabelText('User name'), 'reader');
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(api.testConnection).toHaveBeenCalledTimes(1));
    expect(api.testConnection.mock.calls[0]?.[0].dsn.name).toBe('reader@orders');
    expect(fieldError(screen.getByLabelText('Name'))).toBeUndefined();
  });

  it('shows a busy state, then the phases with timings and what the server said', async () => {
    const api = new FakeApi();
    const pending = deferred<Result<ConnectionTestReport>>();
    api.testConnection.mockReturnValueOnce(pending.promise);
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));

    expect(await screen.findByText('Testing connection…')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Test connection' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeEnabled();
    const request = api.testConnection.mock.calls[0]?.[0];
    expect(request?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(request?.dsn).toMatchObject({ server: 'mydb.abc.eu-west-2.rds.amazonaws.com', region: 'eu-west-2', user: 'reader' });

    pending.resolve(ok(successReport));
    const report = await screen.findByTestId('test-report');
    // No CA bundle: encrypted, but the server was not verified.
    expect(within(report).getByRole('heading', { name: /Succeeded with warnings/ })).toBeInTheDocument();
    expect(report).toHaveAttribute('data-tone', 'warning');
    expect(within(report).getByTestId('warning-tls-unverified')).toHaveTextContent(/the server certificate was not verified: no CA bundle is set/);
    expect(phaseRow('tls')).toHaveAttribute('data-tone', 'warning');
    expect(phaseRow('tls')).toHaveTextContent('encrypted, not verified');
    // The form stays in view: the result is a panel beside it.
    expect(screen.getByRole('textbox', { name: 'Server' })).toBeVisible();
    expect(screen.queryByText('Testing connection…')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Test connection' })).toBeEnabled();

    const labels: Partial<Record<PhaseName, string>> = { sign: 'Sign token', tcp: 'TCP connect', tls: 'TLS handshake', auth: 'Authenticate', query: 'Query' };
    for (const phase of successReport.phases) {
      const row = phaseRow(phase.name);
      expect(row).toHaveTextContent(labels[phase.name] ?? '(no label)');
      expect(row).toHaveTextContent(phase.name === 'tls' ? 'encrypted, not verified' : 'ok');
      expect(row).toHaveTextContent(`${phase.durationMs} ms`);
    }
    expect(phaseRow('sign')).toHaveTextContent('token reused from cache');
    expect(report).toHaveTextContent('PostgreSQL 16.4 on aarch64-unknown-linux-gnu');
    expect(report).toHaveTextContent('current_user');
    expect(report).toHaveTextContent('TLSv1.3, TLS_AES_256_GCM_SHA384, certificate not verified');
    expect(report).toHaveTextContent('orders.abc123.us-east-1.rds.amazonaws.com:5432');
    expect(report).toHaveTextContent('yes (reused)');
    expect(within(report).getByText('127.0.0.1:15432')).toBeInTheDocument();
  });

  it('with a CA bundle (or main saying it verified) a success has no warning; "Set a CA bundle" goes to the field', async () => {
    const api = new FakeApi();
    const base = successReport.server;
    if (base === undefined) throw new Error('fixture needs server facts');
    api.testConnection.mockResolvedValueOnce(ok(successReport));
    api.testConnection.mockResolvedValueOnce(ok({ ...successReport, server: { ...base, tls: { version: 'TLSv1.3', cipher: 'x', verified: false } } }));
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const report = await screen.findByTestId('test-report');
    await user.click(within(report).getByRole('button', { name: 'Set a CA bundle' }));
    await waitFor(() => expect(screen.getByLabelText('CA bundle path')).toHaveFocus());
    await retype(user, 'CA bundle path', '/etc/ssl/rds.pem');
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    // The report's own word wins over the CA bundle: this one says it did not verify.
    await waitFor(() => expect(screen.getByTestId('test-report')).toHaveAttribute('data-tone', 'warning'));
  });

  it('a verified success reads "Connection succeeded", with no amber row', async () => {
    const api = new FakeApi();
    const base = successReport.server;
    if (base === undefined) throw new Error('fixture needs server facts');
    api.testConnection.mockResolvedValueOnce(ok({ ...successReport, server: { ...base, tls: { version: 'TLSv1.3', cipher: 'x', verified: true } } }));
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const report = await screen.findByTestId('test-report');
    expect(within(report).getByRole('heading', { name: /Connection succeeded/ })).toBeInTheDocument();
    expect(phaseRow('tls')).toHaveAttribute('data-tone', 'ok');
    expect(report).toHaveTextContent('certificate verified');
  });

  it('says "not encrypted" for a plaintext connection', async () => {
    const api = new FakeApi();
    const base = successReport.server;
    if (base === undefined) throw new Error('fixture needs server facts');
    api.testConnection.mockResolvedValueOnce(ok({ ...successReport, token: undefined, server: { ...base, tls: null } }));
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const report = await screen.findByTestId('test-report');
    expect(report).toHaveTextContent('not encrypted');
    expect(within(report).getByTestId('warning-not-encrypted')).toBeInTheDocument();
  });

  it('shows the failure, the hint with its line breaks, and server text as text (never HTML)', async () => {
    const api = new FakeApi([savedDsn({ name: 'Orders' })]);
    api.testConnection.mockResolvedValueOnce(ok(pamFailureReport));
    const { user, container } = renderApp(api);
    await user.click(await screen.findByRole('button', { name: /Orders/ }));
    await user.click(screen.getByRole('button', { name: 'Test connection' }));

    const report = await screen.findByTestId('test-report');
    expect(within(report).getByRole('heading', { name: /The server refused the login/ })).toBeInTheDocument();
    expect(report).toHaveTextContent('The server rejected the IAM token (PAM authentication failed).');
    expect(phaseRow('auth')).toHaveAttribute('data-status', 'failed');
    expect(phaseRow('auth')).toHaveTextContent('76 ms');
    expect(phaseRow('query')).toHaveAttribute('data-status', 'skipped');
    expect(phaseRow('query')).toHaveTextContent('not reached');
    // The checklist and the raw text are folded; the raw text says who said it.
    expect(within(report).getByText('Other things to check').closest('details')).not.toHaveAttribute('open');
    expect(within(report).getByText('Server said').closest('details')).not.toHaveAttribute('open');

    const hint = within(report).getByTestId('error-hint');
    expect(hint.textContent).toBe(pamFailureReport.error?.hint);
    expect(hint.textContent).toContain('\n2. Check the IAM policy');

    const detail = within(report).getByTestId('error-detail');
    expect(detail.tagName).toBe('PRE');
    expect(detail.textContent).toBe(`FATAL:  PAM authentication failed for user "reader" ${XSS}`);
    expect(container.querySelector('img')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
    expect(api.testConnection.mock.calls[0]?.[0].dsn).toMatchObject({ id: api.dsns.keys().next().value });
  });

  it('renders hostile strings in every server field as text', async () => {
    const api = new FakeApi();
    const base = successReport.server;
    if (base === undefined) throw new Error('fixture needs server facts');
    api.testConnection.mockResolvedValueOnce(ok({ ...successReport, server: { ...base, serverVersion: XSS, currentUser: `<b>x</b>` } }));
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const report = await screen.findByTestId('test-report');
    expect(within(report).getByText(XSS)).toBeInTheDocument();
    expect(within(report).getByText('<b>x</b>')).toBeInTheDocument();
    expect(report.querySelector('img, b')).toBeNull();
  });

  it('Cancel calls cancelTest with the same request id and says so', async () => {
    const api = new FakeApi();
    const pending = deferred<Result<ConnectionTestReport>>();
    api.testConnection.mockReturnValueOnce(pending.promise);
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));

    expect(api.cancelTest).toHaveBeenCalledTimes(1);
    expect(api.cancelTest).toHaveBeenCalledWith(api.testConnection.mock.calls[0]?.[0].requestId);
    expect(await screen.findByText('Test cancelled.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Test connection' })).toBeEnabled();

    // The late answer of the cancelled request is ignored.
    pending.resolve(err('CANCELLED', 'Cancelled'));
    await waitFor(() => expect(screen.queryByTestId('test-report')).not.toBeInTheDocument());
  });

  it('uses a new request id for every run', async () => {
    const { user, api } = renderApp();
    await fillValidIamDsn(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await screen.findByTestId('test-report');
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(api.testConnection).toHaveBeenCalledTimes(2));
    const [first, second] = api.testConnection.mock.calls.map((c) => c[0]?.requestId);
    expect(first).not.toBe(second);
  });

  it('puts VALIDATION field errors from main on the fields', async () => {
    const api = new FakeApi();
    api.testConnection.mockResolvedValueOnce(
      err('VALIDATION', 'The DSN is not valid', { fieldErrors: { region: ['Region must be an AWS region code such as us-east-1'] } }),
    );
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(fieldError(screen.getByLabelText('Region'))).toBe('Region must be an AWS region code such as us-east-1'));
    expect(await screen.findByText('The test could not run')).toBeInTheDocument();
  });
});

describe('a failure report: one headline, the cause, one action', () => {
  const failure = (error: NonNullable<ConnectionTestReport['error']>): ConnectionTestReport => ({ ...pamFailureReport, error });

  it('runs the one fix main offers: Set Region, then the retest uses it', async () => {
    const api = new FakeApi();
    api.testConnection.mockResolvedValueOnce(
      ok(failure({ code: 'PAM_AUTH_FAILED', message: 'The server refused the IAM token for user reader.', cause: 'The token is signed for eu-west-2, the endpoint is in eu-central-1.', action: { kind: 'set-field', field: 'region', value: 'eu-central-1', label: 'Set Region to eu-central-1' }, hint: '1. one\n2. two' })),
    );
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const report = await screen.findByTestId('test-report');
    expect(within(report).getByTestId('error-cause')).toHaveTextContent('Likely cause: The token is signed for eu-west-2, the endpoint is in eu-central-1.');
    expect(within(report).getAllByTestId('fix-action')).toHaveLength(1);
    await user.click(within(report).getByRole('button', { name: 'Set Region to eu-central-1' }));
    expect(screen.getByLabelText('Region')).toHaveValue('eu-central-1');
    await waitFor(() => expect(screen.getByLabelText('Region')).toHaveFocus());
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(api.testConnection).toHaveBeenCalledTimes(2));
    expect(api.testConnection.mock.calls[1]?.[0].dsn.region).toBe('eu-central-1');
  });

  it('copies a GRANT; opens IAM setup', async () => {
    const api = new FakeApi();
    api.testConnection.mockResolvedValueOnce(ok(failure({ code: 'PASSWORD_AUTH_FAILED', message: 'Not in rds_iam.', action: { kind: 'copy', text: 'GRANT rds_iam TO reader;', label: 'Copy GRANT rds_iam TO reader;' } })));
    api.testConnection.mockResolvedValueOnce(ok(failure({ code: 'PAM_AUTH_FAILED', message: 'No policy.', action: { kind: 'open-iam-setup', label: 'Open IAM setup' } })));
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    const writeText = vi.fn(async (_text: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await user.click(await screen.findByRole('button', { name: 'Copy GRANT rds_iam TO reader;' }));
    expect(writeText).toHaveBeenCalledWith('GRANT rds_iam TO reader;');
    expect(await within(screen.getByTestId('test-report')).findByText('✓ Copied')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await user.click(await screen.findByRole('button', { name: 'Open IAM setup' }));
    expect(screen.getByRole('tab', { name: 'IAM setup' })).toHaveAttribute('aria-selected', 'true');
  });

  it.each([
    ['CREDENTIALS_EXPIRED', 'Could not get AWS credentials', 'AWS said'],
    ['MFA_FAILED', 'Could not get AWS credentials', 'AWS said'],
    ['CONNECTION_REFUSED', 'Could not reach the server', 'Network error on this computer'],
    ['TLS_NAME_MISMATCH', 'Could not set up a secure connection', 'TLS error on this computer'],
  ] as const)('%s: "%s", its raw text labelled "%s" (never "Server said" for a socket error)', async (code, headline, label) => {
    const api = new FakeApi();
    api.testConnection.mockResolvedValueOnce(ok(failure({ code, message: 'What happened.', detail: 'raw text' })));
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const report = await screen.findByTestId('test-report');
    expect(within(report).getByRole('heading', { name: new RegExp(headline) })).toBeInTheDocument();
    expect(within(report).getByText(label)).toBeInTheDocument();
    expect(within(report).queryByText('Server said')).not.toBeInTheDocument();
  });
});
