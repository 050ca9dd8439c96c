/** The command line: strict parsing, NAME vs --file, --store, --format, and usage errors (exit 2). */
import { parseCommandLine } from '../../../electron/cli/args';

function parsed(argv: string[]) {
  const r = parseCommandLine(argv);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

function usage(argv: string[]): string {
  const r = parseCommandLine(argv);
  if (r.ok) throw new Error(`expected a usage error for ${argv.join(' ')}`);
  expect(r.error.code).toBe('VALIDATION');
  return r.error.message;
}

describe('parseCommandLine', () => {
  it('help: no arguments, --help, -h, help, help CMD, CMD --help', () => {
    expect(parsed([])).toEqual({ name: 'help', topic: undefined });
    expect(parsed(['--help'])).toEqual({ name: 'help', topic: undefined });
    expect(parsed(['-h'])).toEqual({ name: 'help', topic: undefined });
    expect(parsed(['help'])).toEqual({ name: 'help', topic: undefined });
    expect(parsed(['help', 'export'])).toEqual({ name: 'help', topic: 'export' });
    for (const cmd of ['list', 'token', 'test', 'export'] as const) {
      expect(parsed([cmd, '--help'])).toEqual({ name: 'help', topic: cmd });
      expect(parsed([cmd, '-h'])).toEqual({ name: 'help', topic: cmd });
    }
    expect(parsed(['--version'])).toEqual({ name: 'version' });
  });

  it('list', () => {
    expect(parsed(['list'])).toEqual({ name: 'list', storePath: undefined, filePath: undefined, json: false });
    expect(parsed(['list', '--json', '--store', '/x/dsns.json'])).toEqual({ name: 'list', storePath: '/x/dsns.json', filePath: undefined, json: true });
    expect(parsed(['list', '--file=a.json'])).toEqual({ name: 'list', storePath: undefined, filePath: 'a.json', json: false });
    expect(usage(['list', 'prod'])).toContain('no arguments');
    expect(usage(['list', '--file', 'a.json', '--store', 'b.json'])).toContain('--store');
  });

  it('token and test take a NAME or --file', () => {
    expect(parsed(['token', 'prod'])).toEqual({ name: 'token', dsn: { kind: 'saved', name: 'prod', storePath: undefined } });
    expect(parsed(['token', 'prod', '--store', 's.json'])).toEqual({ name: 'token', dsn: { kind: 'saved', name: 'prod', storePath: 's.json' } });
    expect(parsed(['test', '--file', 'x.json', '--json'])).toEqual({ name: 'test', dsn: { kind: 'file', path: 'x.json' }, json: true, acceptHostKeys: [] });
    expect(parsed(['test', 'My DSN'])).toEqual({ name: 'test', dsn: { kind: 'saved', name: 'My DSN', storePath: undefined }, json: false, acceptHostKeys: [] });
    const fingerprint = `SHA256:${'a'.repeat(43)}`;
    expect(parsed(['test', 'x', '--accept-host-key', fingerprint, '--accept-host-key', fingerprint.replace('a', 'b')])).toMatchObject({ acceptHostKeys: [fingerprint, fingerprint.replace('a', 'b')] });
    expect(parseCommandLine(['test', 'x', '--accept-host-key', 'MD5:aa:bb']).ok).toBe(false);
    expect(usage(['token'])).toContain('Name a saved DSN');
    expect(usage(['test', 'a', 'b'])).toContain('Too many arguments');
    expect(usage(['test', 'prod', '--file', 'x.json'])).toContain('not both');
    expect(usage(['test', '--file', 'x.json', '--store', 's.json'])).toContain('--store');
  });

  it('export needs a known --format; --with-token and --with-password are flags', () => {
    expect(parsed(['export', 'prod', '--format', 'uri'])).toEqual({ name: 'export', dsn: { kind: 'saved', name: 'prod', storePath: undefined }, format: 'uri', withToken: false, withPassword: false });
    expect(parsed(['export', 'prod', '-f', 'psql', '--with-token'])).toMatchObject({ format: 'psql', withToken: true, withPassword: false });
    expect(parsed(['export', '--file', 'x.json', '--format=env', '--with-password'])).toMatchObject({ dsn: { kind: 'file', path: 'x.json' }, format: 'env', withPassword: true });
    expect(usage(['export', 'prod'])).toContain('--format');
    expect(usage(['export', 'prod', '--format', 'yaml'])).toContain('Unknown format "yaml"');
    expect(usage(['export', 'prod', '--format', 'uri', '--with-token', '--with-password'])).toContain('give one');
  });

  it('strict: unknown commands and options, missing values, values on flags', () => {
    expect(usage(['frobnicate'])).toContain('Unknown command "frobnicate"');
    expect(usage(['--store', 'x'])).toContain('give a command first');
    expect(usage(['help', 'nope'])).toContain('Unknown command "nope"');
    expect(usage(['test', 'prod', '--verbose'])).toContain("'--verbose'");
    expect(usage(['token', 'prod', '--json'])).toContain("'--json'");
    expect(usage(['test', 'prod', '--store'])).toContain('--store');
    expect(usage(['test', 'prod', '--json=yes'])).toContain('--json');
    expect(usage(['export', 'prod', '--format'])).toContain('--format');
  });

  it('every usage error points at the command help', () => {
    const r = parseCommandLine(['export', 'prod']);
    expect(r.ok ? undefined : r.error.hint).toBe('Run `iam-dsn export --help` for usage.');
  });
});
