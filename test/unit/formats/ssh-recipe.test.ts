/** The exported `ssh -L` command: every word POSIX-quoted (checked by a real shell's word splitting), jump hosts, key, known-hosts file. */
import { exportDsn } from '../../../shared/formats';
import { sshForwardArgv } from '../../../shared/formats/ssh';
import type { SshNetwork } from '../../../shared/network';
import { IAM_DSN } from '../../support/dsn-fixtures';
import { runInBash } from '../../support/shell-eval';

const ssh: SshNetwork = {
  kind: 'ssh',
  host: 'bastion.example.com',
  port: 2222,
  user: 'ec2-user',
  auth: 'key',
  identityFile: "/home/me/keys/it's mine.pem",
  jumpHosts: [{ host: 'jump.example.com', user: 'me', port: 2200 }, { host: 'fd00::9', user: '' }],
  knownHostsFile: '~/.ssh/known hosts',
  localPort: 16432,
};
const dsn = { ...IAM_DSN, network: ssh };

it('puts the ssh command first; the strings go to 127.0.0.1:LOCAL, the token is still signed for the server', () => {
  const out = exportDsn(dsn, 'psql');
  expect(out.tunnelCommand).toBeDefined();
  expect(out.text).toContain('hostaddr=127.0.0.1 port=16432');
  expect(out.text).toContain(`--hostname ${IAM_DSN.server} --port 5432`);
  expect(out.notes[0]).toMatch(/^Run the ssh command first/);
  expect(exportDsn(dsn, 'json').tunnelCommand).toBeUndefined();
  expect(JSON.parse(exportDsn(dsn, 'json').text).network).toEqual(ssh);
});

it('quotes every word so the shell hands ssh exactly its argv', () => {
  const out = exportDsn(dsn, 'uri');
  // Real bash runs the command with `ssh` standing in as a recorder (the psql stub, fed "ssh" first).
  const run = runInBash(`ssh() { psql ssh "$@"; }\n${out.tunnelCommand ?? ''}`);
  expect(run.pwned).toEqual([]);
  expect(run.psql[0]?.argv).toEqual(sshForwardArgv(dsn, ssh));
  expect(sshForwardArgv(dsn, ssh)).toEqual([
    'ssh', '-N', '-o', 'ExitOnForwardFailure=yes', '-L', `127.0.0.1:16432:${IAM_DSN.server}:5432`, '-p', '2222',
    '-J', 'me@jump.example.com:2200,[fd00::9]', '-i', "/home/me/keys/it's mine.pem", '-o', 'IdentitiesOnly=yes',
    '-o', 'UserKnownHostsFile=~/.ssh/known hosts', '--', 'ec2-user@bastion.example.com',
  ]);
});
