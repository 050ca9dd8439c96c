// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ConnectionTestReport } from '../../../shared/connection-test';
import { err, ok, type Result } from '../../../shared/result';
import { deferred, FakeApi, pamFailureReport, savedDsn, successReport, XSS } from './support/fake-api';
import { fieldError, fillValidIamDsn, renderApp } from './support/render-app';

function phaseRow(name: string): HTMLElement {
  return screen.getByTestId(`phase-${name}`);
}

describe('Test connection', () => {
  it('does not run with an invalid form and points at the fields', async () => {
    const { user, api } = renderApp();
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Fix the highlighted fields first.')).toBeInTheDocument();
    expect(fieldError(screen.getByLabelText('Server'))).toBe('Server is required');
    expect(api.testConnection).not.toHaveBeenCalled();
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
    expect(within(report).getByRole('heading', { name: /Connection succeeded/ })).toBeInTheDocument();
    expect(screen.queryByText('Testing connection…')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Test connection' })).toBeEnabled();

    for (const phase of successReport.phases) {
      const row = phaseRow(phase.name);
      expect(row).toHaveTextContent(phase.name);
      expect(row).toHaveTextContent('ok');
      expect(row).toHaveTextContent(`${phase.durationMs} ms`);
    }
    expect(phaseRow('sign')).toHaveTextContent('token reused from cache');
    expect(report).toHaveTextContent('PostgreSQL 16.4 on aarch64-unknown-linux-gnu');
    expect(report).toHaveTextContent('current_user');
    expect(report).toHaveTextContent('TLSv1.3, TLS_AES_256_GCM_SHA384');
    expect(report).toHaveTextContent('orders.abc123.us-east-1.rds.amazonaws.com:5432');
    expect(report).toHaveTextContent('yes (reused)');
    expect(within(report).getByText('127.0.0.1:15432')).toBeInTheDocument();
  });

  it('says "not encrypted" for a plaintext connection', async () => {
    const api = new FakeApi();
    const base = successReport.server;
    if (base === undefined) throw new Error('fixture needs server facts');
    api.testConnection.mockResolvedValueOnce(ok({ ...successReport, token: undefined, server: { ...base, tls: null } }));
    const { user } = renderApp(api);
    await fillValidIamDsn(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByTestId('test-report')).toHaveTextContent('not encrypted');
  });

  it('shows the failure, the hint with its line breaks, and server text as text (never HTML)', async () => {
    const api = new FakeApi([savedDsn({ name: 'Orders' })]);
    api.testConnection.mockResolvedValueOnce(ok(pamFailureReport));
    const { user, container } = renderApp(api);
    await user.click(await screen.findByRole('button', { name: /Orders/ }));
    await user.click(screen.getByRole('button', { name: 'Test connection' }));

    const report = await screen.findByTestId('test-report');
    expect(within(report).getByRole('heading', { name: /Connection failed/ })).toBeInTheDocument();
    expect(report).toHaveTextContent('The server rejected the IAM token (PAM authentication failed).');
    expect(phaseRow('auth')).toHaveAttribute('data-status', 'failed');
    expect(phaseRow('auth')).toHaveTextContent('76 ms');
    expect(phaseRow('query')).toHaveAttribute('data-status', 'skipped');

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
