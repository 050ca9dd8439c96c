/**
 * The network field and what came before it: a store file and a DSN file written by the version
 * before tunnels (connectViaHost / connectViaPort) still load and go to the same place; the
 * issue's `network` JSON is read; the two cannot be mixed; an SSH password is stored encrypted for
 * its own login only and never leaves the store in clear.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { readDsnFile } from '../../../electron/cli/dsn-source';
import { sshPasswordOf } from '../../../electron/main/app/request-secrets';
import { type ConfFactory, DsnStore } from '../../../electron/main/library/store';
import { dsnInputSchema, dsnSchema, socketTarget } from '../../../shared/dsn';
import { networkOf } from '../../../shared/network';
import { FakeCipher, FakeClock, iamDsn, MemoryLogger } from '../../support/fakes';

const createConf: ConfFactory = (o) => new Conf<Record<string, unknown>>({ ...o, configName: o.name });
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iamdsn-network-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A store file byte for byte as the version before tunnels wrote it (one DSN through a local forward). */
const STORE_BEFORE_TUNNELS = `{
	"version": 1,
	"dsns": [
		{
			"id": "0b6a3f0e-8f0a-4d43-9b1b-3c1f1d2a5e77",
			"dsn": {
				"name": "orders via forward",
				"authType": "iam",
				"server": "orders.abc123xyz.us-east-1.rds.amazonaws.com",
				"port": 5432,
				"user": "app_user",
				"database": "orders",
				"region": "us-east-1",
				"sslMode": "require",
				"tokenExpirationSeconds": 900,
				"credentialSource": { "kind": "default" },
				"connectViaHost": "127.0.0.1",
				"connectViaPort": 15432,
				"caBundlePath": "",
				"connectTimeoutSeconds": 10,
				"queryTimeoutSeconds": 10,
				"stsEndpoint": "",
				"tags": []
			},
			"updatedAt": "2026-11-20T10:00:00.000Z"
		}
	]
}`;

function open(): DsnStore {
  return new DsnStore({ createConf, directory: dir, cipher: new FakeCipher(), clock: new FakeClock(), logger: new MemoryLogger() });
}

it('a store written before tunnels loads unchanged: its connect-via is the network', async () => {
  writeFileSync(join(dir, 'dsns.json'), STORE_BEFORE_TUNNELS);
  const store = open();
  const listed = store.list();
  if (!listed.ok) throw new Error(listed.error.message);
  const [saved] = listed.value;
  expect((await store.status()).recoveredFromCorruptFile).toBeUndefined();
  expect(saved?.name).toBe('orders via forward');
  expect(networkOf(saved ?? iamDsn())).toEqual({ kind: 'connect-via', host: '127.0.0.1', port: 15432 });
  expect(socketTarget(saved ?? iamDsn())).toEqual({ host: '127.0.0.1', port: 15432 });
});

it('a DSN file of before (connectViaHost) and one in the issue shape (network) are both read', () => {
  const before = join(dir, 'before.json');
  const legacy = JSON.parse(STORE_BEFORE_TUNNELS).dsns[0].dsn;
  writeFileSync(before, JSON.stringify(legacy));
  const read = readDsnFile(before);
  expect(read.ok && networkOf(read.value)).toEqual({ kind: 'connect-via', host: '127.0.0.1', port: 15432 });

  const now = join(dir, 'now.json');
  const { connectViaHost: _h, connectViaPort: _p, ...rest } = legacy;
  writeFileSync(now, JSON.stringify({ ...rest, network: { kind: 'ssh', host: 'bastion.example.com', user: 'ec2-user', auth: 'agent', jumpHosts: [{ host: 'jump.example.com', user: 'me' }] } }));
  const readNow = readDsnFile(now);
  if (!readNow.ok) throw new Error(JSON.stringify(readNow.error));
  expect(networkOf(readNow.value)).toMatchObject({ kind: 'ssh', host: 'bastion.example.com', auth: 'agent' });
  // Exports connect to the local end of the ssh -L recipe.
  expect(socketTarget(readNow.value)).toEqual({ host: '127.0.0.1', port: 15432 });
});

it('refuses both spellings at once, and a bad SSH network field by field', () => {
  const both = dsnSchema.safeParse({ ...iamDsn(), connectViaHost: '127.0.0.1', network: { kind: 'connect-via', host: '10.0.0.1' } });
  expect(both.success).toBe(false);
  const bad = dsnSchema.safeParse({ ...iamDsn(), network: { kind: 'ssh', host: 'bad host!', user: '-oProxyCommand=x', auth: 'telepathy', identityFile: 'relative/key' } });
  expect(bad.success).toBe(false);
  const paths = bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'));
  expect(paths).toEqual(expect.arrayContaining(['network.host', 'network.user', 'network.auth', 'network.identityFile']));
});

it('stores the SSH password encrypted, and a test uses it for the same bastion login only', async () => {
  const store = open();
  const ssh = { kind: 'ssh' as const, host: 'bastion.example.com', port: 22, user: 'ec2-user', auth: 'password' as const };
  const input = dsnInputSchema.parse({ ...iamDsn({ name: 'p' }), network: ssh, sshPassword: 'CANARY-ssh-pw-0d9e' });
  const saved = await store.save(input);
  if (!saved.ok) throw new Error(saved.error.message);
  expect(saved.value.hasSshPassword).toBe(true);
  expect(JSON.stringify(saved.value)).not.toContain('CANARY-ssh-pw-0d9e');
  expect(readFileSync(join(dir, 'dsns.json'), 'utf8')).not.toContain('CANARY-ssh-pw-0d9e');
  const id = saved.value.id;
  const same = await sshPasswordOf(store, dsnInputSchema.parse({ ...iamDsn({ name: 'p' }), id, network: ssh }));
  expect(same.ok && same.value).toBe('CANARY-ssh-pw-0d9e');
  // The form now points the tunnel at another bastion: the stored password does not follow.
  const elsewhere = await sshPasswordOf(store, dsnInputSchema.parse({ ...iamDsn({ name: 'p' }), id, network: { ...ssh, host: 'evil.example.com' } }));
  expect(elsewhere.ok && elsewhere.value).toBeUndefined();
  const moved = await store.save(dsnInputSchema.parse({ ...iamDsn({ name: 'p' }), id, network: { ...ssh, host: 'evil.example.com' } }));
  expect(moved.ok && moved.value.hasSshPassword).toBe(false);
});
