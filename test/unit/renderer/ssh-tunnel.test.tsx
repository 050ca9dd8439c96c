// @vitest-environment jsdom
/** The SSH tunnel in the renderer: the Network section's SSH fields reach saveDsn in the schema's shape; the host-key and passphrase dialogs answer main and keep nothing. */
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SshPromptRequest } from '../../../shared/ipc-contract';
import { FakeApi } from './support/fake-api';
import { openTab, renderApp } from './support/render-app';

const FINGERPRINT = 'SHA256:L27yC84cwaBTXlSC7PjtQjSgxfnZiMDDV9551siSlS0';
const hostKey = (over: Partial<Extract<SshPromptRequest, { kind: 'host-key' }>> = {}): SshPromptRequest => ({
  kind: 'host-key',
  requestId: 'ssh-1',
  host: 'bastion.example.com',
  port: 2222,
  keyType: 'ssh-ed25519',
  fingerprint: FINGERPRINT,
  purpose: 'DSN "orders"',
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
  ...over,
});

describe('Network section', () => {
  it('saves an SSH tunnel with jump hosts and a write-only password', async () => {
    const api = new FakeApi();
    const { user } = renderApp(api);
    await user.type(screen.getByLabelText('Name'), 'private');
    await user.type(screen.getByLabelText('Server'), 'orders.abc123.us-east-1.rds.amazonaws.com');
    await user.type(screen.getByLabelText('User name'), 'app');
    await openTab(user, 'TLS & network');
    await user.click(screen.getByRole('radio', { name: /^SSH tunnel/ }));
    await user.type(screen.getByLabelText('Bastion host'), 'bastion.example.com');
    await user.clear(screen.getByLabelText('Bastion port'));
    await user.type(screen.getByLabelText('Bastion port'), '2222');
    await user.type(screen.getByLabelText('Bastion user'), 'ec2-user');
    await user.selectOptions(screen.getByLabelText('SSH authentication'), 'password');
    await user.type(screen.getByLabelText('SSH password'), 's3cret-bastion');
    await user.type(screen.getByLabelText('Jump hosts (ProxyJump)'), 'me@jump.example.com:2200, jump2');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.saveDsn).toHaveBeenCalledTimes(1));
    const input = api.saveDsn.mock.calls[0]?.[0];
    expect(input).toMatchObject({
      connectViaHost: '',
      sshPassword: 's3cret-bastion',
      network: { kind: 'ssh', host: 'bastion.example.com', port: 2222, user: 'ec2-user', auth: 'password', jumpHosts: [{ host: 'jump.example.com', port: 2200, user: 'me' }, { host: 'jump2', user: '' }] },
    });
    // Typing a dozen fields takes seconds on a busy shared machine: room for that, no race.
  }, 30_000);

  it('shows a bad bastion host on its field', async () => {
    const { user } = renderApp(new FakeApi());
    await openTab(user, 'TLS & network');
    await user.click(screen.getByRole('radio', { name: /^SSH tunnel/ }));
    await user.type(screen.getByLabelText('Bastion host'), 'not a host!');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByLabelText('Bastion host')).toHaveAttribute('aria-invalid', 'true'));
  });
});

describe('SSH prompt dialog', () => {
  it('shows the fingerprint; Refuse has the focus and Escape refuses', async () => {
    const api = new FakeApi();
    const { user } = renderApp(api);
    act(() => api.emit('sshPrompt', hostKey()));
    const dialog = await screen.findByRole('dialog', { name: 'Unknown SSH host key' });
    expect(dialog).toHaveTextContent(FINGERPRINT);
    expect(dialog).toHaveTextContent('bastion.example.com port 2222');
    expect(screen.queryByTestId('host-key-cert-authority')).toBeNull();
    expect(screen.getByRole('button', { name: 'Refuse' })).toHaveFocus();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(api.answerSshPrompt).toHaveBeenCalledWith('ssh-1', { accept: false }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('names the @cert-authority line that did not vouch for the key, when there is one', async () => {
    const api = new FakeApi();
    renderApp(api);
    act(() => api.emit('sshPrompt', hostKey({ requestId: 'ssh-ca', certAuthority: '~/.ssh/known_hosts:3' })));
    const dialog = await screen.findByRole('dialog', { name: 'Unknown SSH host key' });
    expect(dialog).toHaveTextContent('~/.ssh/known_hosts:3 trusts a certificate authority for this host, but the app checks plain host keys only');
  });

  it('accepts only on its button', async () => {
    const api = new FakeApi();
    const { user } = renderApp(api);
    act(() => api.emit('sshPrompt', hostKey({ requestId: 'ssh-2' })));
    await user.click(await screen.findByRole('button', { name: 'Accept and remember' }));
    expect(api.answerSshPrompt).toHaveBeenCalledWith('ssh-2', { accept: true });
  });

  it('hands a passphrase on once and keeps no copy in the page', async () => {
    const api = new FakeApi();
    const { user } = renderApp(api);
    act(() => api.emit('sshPrompt', { kind: 'passphrase', requestId: 'pp-1', keyFile: '/home/me/.ssh/id_ed25519', purpose: 'DSN "orders"', retry: true, expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    const dialog = await screen.findByRole('dialog', { name: 'Key passphrase needed' });
    expect(dialog).toHaveTextContent('That passphrase was wrong');
    await user.type(screen.getByLabelText('Passphrase'), 'open sesame');
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(api.answerSshPrompt).toHaveBeenCalledWith('pp-1', { secret: 'open sesame' });
    expect(document.body.innerHTML).not.toContain('open sesame');
  });
});
