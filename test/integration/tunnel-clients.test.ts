/**
 * Acceptance 4 (clients): the export of a tunnelled DSN is a recipe a person can paste — real
 * bash runs the exported `ssh -L` command (OpenSSH's own client) and the exported psql line,
 * which logs in to the private database with a token signed for the endpoint; and the built
 * `iam-dsn test` passes through the tunnel (agent from SSH_AUTH_SOCK, host key named by
 * --accept-host-key; without it and without a terminal, refused with the network exit status).
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../fixture/fixture-shell';
import { cliEnv, ensureCliBuilt, makeCliHome, runIamDsn } from './cli-harness';
import { ENDPOINT, startTunnelWorld, type TunnelWorld } from './tunnel-harness';
import { requireTool } from '../support/require-tool';

let world: TunnelWorld;
let dir: string;

function bash(script: string, env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('/bin/bash', ['-c', script], { env, encoding: 'utf8', timeout: 60_000 }, (_error, stdout, stderr) => resolve({ stdout, stderr }));
  });
}

const HAS_OPENSSH = requireTool('openssh', 'tunnel-clients: ssh -L and psql in bash, iam-dsn test through sshd');

describe.skipIf(!HAS_OPENSSH)('tunnel-clients', () => {
  beforeAll(async () => {
    await ensureCliBuilt();
    world = await startTunnelWorld();
    dir = await mkdtemp(join(tmpdir(), 'iamdsn-tunnel-clients-'));
  }, 240_000);

  afterAll(async () => {
    await world?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('bash runs the exported ssh -L command and psql line; psql logs in with a token signed for the endpoint', async () => {
    await world.knowHosts(world.bastion.knownHostsLine);
    const localPort = await freeLoopbackPort();
    const dsn = world.dsn({ port: world.bastion.port, auth: 'key', identityFile: world.keys.agent, knownHostsFile: world.userKnownHosts, localPort });
    // The app's export use case, as the window's Export panel calls it (a live token).
    const exported = await world.services.exports.exportDsn({ dsn, format: 'psql', includeToken: true, includePassword: false });
    if (!exported.ok) throw new Error(exported.error.message);
    const { tunnelCommand, text } = exported.value;
    expect(tunnelCommand).toBe(
      `ssh -N -o ExitOnForwardFailure=yes -L 127.0.0.1:${localPort}:${ENDPOINT}:5432 -p ${world.bastion.port} -i ${world.keys.agent} -o IdentitiesOnly=yes -o UserKnownHostsFile=${world.userKnownHosts} -- iamdsn-ssh@127.0.0.1`,
    );
    expect(text).toContain(`hostaddr=127.0.0.1 port=${localPort}`);
    expect(text).toContain(`host=${ENDPOINT}`);

    // As a person would: the tunnel in the background, then the psql line, in a clean environment.
    const script = [
      'set -u',
      // ssh never prompts here and reads no ~/.ssh/config of this machine; the recipe runs verbatim.
      'ssh() { command ssh -o BatchMode=yes -F /dev/null "$@"; }',
      `${tunnelCommand} </dev/null >/dev/null 2>"$LOG" &`,
      'tunnel=$!',
      'trap \'kill $tunnel 2>/dev/null\' EXIT',
      `for i in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/${localPort}) 2>/dev/null && break; sleep 0.1; done`,
      `${text} -X -A -t -c 'select current_user, ssl from pg_stat_ssl where pid = pg_backend_pid()'`,
    ].join('\n');
    // Asynchronously: the bastions' listener lives in this process and must keep accepting.
    const run = await bash(script, { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8', LOG: join(dir, 'ssh.log'), PGPASSFILE: join(dir, 'none') });
    expect(run.stderr, readFileSync(join(dir, 'ssh.log'), 'utf8')).toBe('');
    expect(run.stdout.trim()).toBe(`${world.db.iamUser}|t`);
    expect((await world.db.verifierLog()).at(-1)).toMatch(/^accept user=iam_user /);
    expect(await world.bastion.log()).toMatch(/Accepted publickey for iamdsn-ssh/);
  }, 90_000);

  describe('iam-dsn test through the tunnel', () => {
    const dsnFile = (): string => join(dir, 'tunnelled.json');

    beforeAll(async () => {
      // A DSN file in the JSON shape (`network`), as a user writes it for --file.
      const dsn = world.dsn({ port: world.bastion.port, auth: 'agent' });
      await writeFile(dsnFile(), JSON.stringify({ ...dsn, connectViaHost: undefined, connectViaPort: undefined, credentialSource: { kind: 'profile', profile: 'fixture' } }, null, 2));
    });

    function env(): Record<string, string> {
      const home = makeCliHome(join(dir, `home-${Math.random().toString(36).slice(2)}`));
      const key = world.db.keys[0];
      if (key === undefined) throw new Error('no fixture key');
      writeFileSync(home.awsCredentialsFile, `[fixture]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`);
      return cliEnv(home, { SSH_AUTH_SOCK: world.agent.socket });
    }

    it('without a terminal and without --accept-host-key: refused, exit 4, the fingerprint named', async () => {
      const run = await runIamDsn(['test', '--file', dsnFile()], env());
      expect(run.status).toBe(4);
      expect(run.stderr).toContain(world.bastion.fingerprint);
      expect(run.stderr).toContain('--accept-host-key');
    });

    it('with --accept-host-key naming the fingerprint: the test passes through the tunnel', async () => {
      const run = await runIamDsn(['test', '--file', dsnFile(), '--accept-host-key', world.bastion.fingerprint, '--json'], env());
      expect(run.status, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as { outcome: string; phases: Array<{ name: string; status: string }>; server: { connectedTo: string } };
      expect(report.outcome).toBe('success');
      expect(report.phases.filter((p) => ['ssh-connect', 'host-key', 'ssh-auth', 'forward'].includes(p.name)).map((p) => p.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
      expect(report.server.connectedTo).toContain(`→ ${ENDPOINT}:5432`);
    });

    it('a different fingerprint is not an answer: refused', async () => {
      const run = await runIamDsn(['test', '--file', dsnFile(), '--accept-host-key', world.jump.fingerprint], env());
      expect(run.status).toBe(4);
    });
  });
});
