// @vitest-environment jsdom
/**
 * Import… → from a file: another tool's file (here pgAdmin's servers.json and a pg_service.conf,
 * the hand-made fixtures with hostile values) is read in the page, previewed entry by entry with
 * what was left out and why, and only then handed to main as a library document of those DSNs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi } from './support/fake-api';
import { renderApp } from './support/render-app';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixture/tool-files', name), 'utf8');

async function openFileImport(user: ReturnType<typeof renderApp>['user']) {
  await waitFor(() => expect(screen.getByRole('button', { name: 'Import…' })).toBeEnabled());
  await user.click(screen.getByRole('button', { name: 'Import…' }));
  await user.click(screen.getByRole('menuitem', { name: /Import from a file/ }));
  return screen.findByRole('dialog', { name: 'Import DSNs' });
}

describe('Library import from other tools', () => {
  it('pgAdmin servers.json: a preview of each DSN and of what was left out; main gets only the DSNs, never a password', async () => {
    const api = new FakeApi();
    const { user } = renderApp(api);
    const dialog = await openFileImport(user);
    await user.click(within(dialog).getByLabelText('File to import'));
    await user.paste(fixture('servers.json'));
    await user.click(within(dialog).getByRole('button', { name: 'Check' }));

    const preview = await within(dialog).findByTestId('tool-preview');
    expect(within(preview).getByTestId('tool-format')).toHaveTextContent('pgAdmin 4 servers.json');
    const toImport = within(within(preview).getByRole('table', { name: 'DSNs to import' })).getAllByRole('row').slice(1);
    expect(toImport.map((r) => within(r).getAllByRole('cell')[1]?.textContent)).toEqual(
      expect.arrayContaining(['orders writer Production', 'reports replica Staging', 'legacy <img src=x onerror=alert(1)> gnp.exe']),
    );
    expect(dialog.querySelector('img')).toBeNull();
    const leftOut = within(preview).getByRole('table', { name: 'Left out' });
    expect(leftOut).toHaveTextContent("Port '5432; DROP TABLE users' is not a number.");
    expect(leftOut).toHaveTextContent(/sslmode=verify-full but names no root certificate/);
    expect(within(preview).getByTestId('tool-secret-warning')).toHaveTextContent(/password .* not imported/);

    await waitFor(() => expect(api.importLibrary).toHaveBeenCalledTimes(1));
    const [json, options] = api.importLibrary.mock.calls[0] ?? [];
    expect(options).toEqual({ onConflict: 'rename', dryRun: true });
    const doc = JSON.parse(json ?? '{}') as { format: string; dsns: Array<{ name: string; authType: string }> };
    expect(doc.format).toBe('iam-dsn-manager/library');
    expect(doc.dsns.find((d) => d.name === 'orders writer')?.authType).toBe('iam');
    expect(json).not.toContain('CANARY-pgadmin-pw');
    expect(json).not.toContain('rm -rf');

    await user.click(within(dialog).getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(api.importLibrary).toHaveBeenCalledTimes(2));
    expect(api.importLibrary.mock.calls[1]?.[1]).toEqual({ onConflict: 'rename', dryRun: false });
  });

  it('pg_service.conf: one DSN per service; a file that is no importable file says what it expected', async () => {
    const api = new FakeApi();
    const { user } = renderApp(api);
    const dialog = await openFileImport(user);
    await user.click(within(dialog).getByLabelText('File to import'));
    await user.paste(fixture('pg_service.conf'));
    await user.click(within(dialog).getByRole('button', { name: 'Check' }));
    const preview = await within(dialog).findByTestId('tool-preview');
    expect(preview).toHaveTextContent('Read as pg_service.conf: 2 DSNs, 5 left out.');
    expect(within(preview).getByRole('table', { name: 'Left out' })).toHaveTextContent(/line 21: “host ” has spaces before “=”/);

    await user.clear(within(dialog).getByLabelText('File to import'));
    await user.paste('just some words');
    await user.click(within(dialog).getByRole('button', { name: 'Check' }));
    expect(await within(dialog).findByTestId('import-error')).toHaveTextContent(/Not a file this app can import/);
  });
});
