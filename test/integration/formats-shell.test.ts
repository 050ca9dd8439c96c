/**
 * The psql, env and pgpass outputs run in a real bash, with `psql` and `aws` replaced by functions
 * that print what they received: every value arrives exactly, and nothing but the recipe runs.
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dsn } from '../../shared/dsn';
import { exportDsn, type ExportSecret } from '../../shared/formats';
import { testedSslMode, tunnelPlan } from '../../shared/formats/common';
import { assumeRoleArgv, recipeArgv } from '../../shared/formats/credentials';
import { pgpassEscape } from '../../shared/formats/quoting';
import { toKeywordValue } from '../../shared/formats/libpq';
import { dsnArbitrary, hostileString } from '../support/dsn-arbitraries';
import { libpqPasswords } from '../support/libpq-passwords';
import { DB_DSN, IAM_DSN, IAM_TUNNEL_DSN } from '../support/dsn-fixtures';
import { runInBash, stubToken } from '../support/shell-eval';

/** Strings that would run something if a shell saw them unquoted or in double quotes. */
const HOSTILE_SECRETS = [
  `$(pwned dollar-paren)`,
  '`pwned backquote`',
  `'; pwned quote; echo '`,
  `"; pwned dquote; echo "`,
  `\\"$(pwned escaped)\\"`,
  `a b\tc\nd`,
  `$HOME ~ * ? [a] {x,y} !! #`,
  `é 😀 字`,
  `it's a "test" \\ with $PATH and \`pwned\` and $(pwned)`,
];

const profileOf = (dsn: Dsn): string | undefined => (dsn.credentialSource.kind === 'profile' ? dsn.credentialSource.profile : undefined);
/** The token the stubbed recipe makes: signed with the profile, or with the role's keys after `aws sts assume-role`. */
const recipeToken = (dsn: Dsn): string =>
  dsn.assumeRole === undefined ? stubToken(recipeArgv(dsn, profileOf(dsn)).slice(1)) : stubToken(recipeArgv(dsn, undefined).slice(1), true);

/** The `aws sts assume-role` calls the recipe must make (with an empty MFA code: tests have no terminal). */
function expectedSts(dsn: Dsn): string[][] {
  if (dsn.assumeRole === undefined) return [];
  return [[...assumeRoleArgv(dsn, profileOf(dsn)).slice(1), ...(dsn.assumeRole.mfaSerial !== '' ? ['--token-code', ''] : [])]];
}

function secretFor(dsn: Dsn, value: string): ExportSecret {
  return { kind: dsn.authType === 'iam' ? 'token' : 'password', value };
}

/** The PG* variables the env export must leave, and PGPASSWORD's value. */
function expectedEnv(dsn: Dsn, password: string | undefined): Record<string, string> {
  const t = tunnelPlan(dsn);
  const env: Record<string, string> = {
    PGHOST: dsn.server.replace(/^\[(.*)\]$/, '$1'),
    PGPORT: String(t.port),
    PGDATABASE: dsn.database,
    PGUSER: dsn.user,
    PGSSLMODE: testedSslMode(dsn),
    PGCONNECT_TIMEOUT: String(dsn.connectTimeoutSeconds),
  };
  if (t.hostaddr !== undefined) env.PGHOSTADDR = t.hostaddr;
  if (dsn.caBundlePath !== '') env.PGSSLROOTCERT = dsn.caBundlePath;
  if (password !== undefined) env.PGPASSWORD = password;
  return env;
}

describe('psql command line in bash', () => {
  it('recipe: psql gets the conninfo and PGPASSWORD the recipe token signed for server:port', () => {
    for (const dsn of [IAM_DSN, IAM_TUNNEL_DSN]) {
      const run = runInBash(exportDsn(dsn, 'psql').text);
      expect(run.status, run.stderr).toBe(0);
      expect(run.psql).toEqual([{ argv: [toKeywordValue(dsn)], pgpassword: recipeToken(dsn) }]);
      expect(run.pwned).toEqual([]);
    }
    expect(recipeArgv(IAM_TUNNEL_DSN, 'prod-ro')).toEqual([
      'aws', 'rds', 'generate-db-auth-token', '--hostname', IAM_DSN.server, '--port', '5432', '--region', 'us-east-1', '--username', 'app_user', '--profile', 'prod-ro',
    ]);
  });

  it('live: hostile tokens and passwords arrive exactly and never run', () => {
    for (const secret of HOSTILE_SECRETS) {
      for (const dsn of [IAM_DSN, DB_DSN]) {
        const out = exportDsn(dsn, 'psql', { secret: secretFor(dsn, secret) });
        const run = runInBash(out.text);
        expect(run.status, run.stderr).toBe(0);
        expect(run.psql).toEqual([{ argv: [toKeywordValue(dsn)], pgpassword: secret }]);
        expect(run.pwned).toEqual([]);
        expect(out.text).not.toContain('generate-db-auth-token');
      }
    }
  });

  it('database auth without a password: no PGPASSWORD at all', () => {
    const run = runInBash(exportDsn(DB_DSN, 'psql').text);
    expect(run.psql).toEqual([{ argv: [toKeywordValue(DB_DSN)], pgpassword: undefined }]);
  });

  it('property: hostile DSNs and secrets, recipe or live', () => {
    fc.assert(
      fc.property(dsnArbitrary({ newlines: true }), fc.option(hostileString(80, { newlines: true }), { nil: undefined }), (dsn, secret) => {
        const out = exportDsn(dsn, 'psql', secret === undefined ? {} : { secret: secretFor(dsn, secret) });
        const run = runInBash(out.text);
        const password = secret ?? (dsn.authType === 'iam' ? recipeToken(dsn) : undefined);
        expect(run.psql).toEqual([{ argv: [toKeywordValue(dsn)], pgpassword: password }]);
        expect(run.sts).toEqual(secret === undefined && dsn.authType === 'iam' ? expectedSts(dsn) : []);
        expect(run.pwned).toEqual([]);
      }),
      { numRuns: 120 },
    );
  });
});

describe('env export in bash', () => {
  it('recipe and live: exactly the intended exported variables', () => {
    for (const dsn of [IAM_DSN, IAM_TUNNEL_DSN, DB_DSN]) {
      const run = runInBash(exportDsn(dsn, 'env').text);
      expect(run.env).toEqual(expectedEnv(dsn, dsn.authType === 'iam' ? recipeToken(dsn) : undefined));
      for (const secret of HOSTILE_SECRETS) {
        const live = runInBash(exportDsn(dsn, 'env', { secret: secretFor(dsn, secret) }).text);
        expect(live.env).toEqual(expectedEnv(dsn, secret));
        expect(live.pwned).toEqual([]);
      }
    }
  });

  it('issue 11 #9: sourcing one DSN\'s export after another\'s keeps none of the first one\'s variables', () => {
    // DSN A goes through a tunnel IP (PGHOSTADDR), has a CA bundle and a live token; B has none of these.
    const a = exportDsn(IAM_TUNNEL_DSN, 'env', { secret: { kind: 'token', value: 'token-of-a' } }).text;
    const b = exportDsn(DB_DSN, 'env').text;
    const run = runInBash(`${a}\n${b}`);
    expect(run.status, run.stderr).toBe(0);
    expect(run.env).toEqual(expectedEnv(DB_DSN, undefined));
    // The same when the user's shell had them before any export.
    const inherited = runInBash(b, { PGHOSTADDR: '10.9.9.9', PGSSLROOTCERT: '/tmp/other.pem', PGPASSWORD: 'password-of-a' });
    expect(inherited.env).toEqual(expectedEnv(DB_DSN, undefined));
  });

  it('property: hostile DSNs and secrets', () => {
    fc.assert(
      fc.property(dsnArbitrary({ newlines: true }), fc.option(hostileString(80, { newlines: true }), { nil: undefined }), (dsn, secret) => {
        const run = runInBash(exportDsn(dsn, 'env', secret === undefined ? {} : { secret: secretFor(dsn, secret) }).text);
        expect(run.env).toEqual(expectedEnv(dsn, secret ?? (dsn.authType === 'iam' ? recipeToken(dsn) : undefined)));
        expect(run.sts).toEqual(secret === undefined && dsn.authType === 'iam' ? expectedSts(dsn) : []);
        expect(run.pwned).toEqual([]);
      }),
      { numRuns: 120 },
    );
  });
});

describe('pgpass recipe comment in bash', () => {
  let home = '';
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('writes one escaped line with a fresh token, keeps other lines, replaces its own, mode 600', () => {
    home = mkdtempSync(join(tmpdir(), 'pgpass-'));
    const dsn: Dsn = { ...IAM_TUNNEL_DSN, user: "o'k:us\\er $(pwned)", database: 'db:1' };
    const out = exportDsn(dsn, 'pgpass');
    const command = out.text.split('\n').find((l) => l.startsWith('# ( set -e;'));
    expect(command).toBeDefined();
    writeFileSync(join(home, '.pgpass'), 'other:5432:*:someone:pw\n', { mode: 0o600 });
    for (let i = 0; i < 2; i++) {
      const run = runInBash((command as string).slice(2), { HOME: home });
      expect(run.status, run.stderr).toBe(0);
      expect(run.pwned).toEqual([]);
    }
    const prefix = [dsn.server, '15432', 'db\\:1', "o'k\\:us\\\\er $(pwned)"].join(':') + ':';
    expect(readFileSync(join(home, '.pgpass'), 'utf8')).toBe(`${prefix}${pgpassEscape(recipeToken(dsn))}\nother:5432:*:someone:pw\n`);
    expect(statSync(join(home, '.pgpass')).mode & 0o777).toBe(0o600);
  });

  it('issue 11 #1: only this DSN\'s own line goes; neighbours sharing a suffix, holding the prefix or escaped \\: stay byte for byte; PGPASSFILE and a symlink are honoured', () => {
    home = mkdtempSync(join(tmpdir(), 'pgpass-'));
    const dsn: Dsn = { ...IAM_DSN, server: 'orders.c9akciq32.us-east-1.rds.amazonaws.com', user: 'app:user' };
    const command = (exportDsn(dsn, 'pgpass').text.split('\n').find((l) => l.startsWith('# ( set -e;')) as string).slice(2);
    const own = `${dsn.server}:5432:orders:app\\:user:`;
    const neighbours = [
      '# mine',
      `new-${dsn.server}:5432:orders:app\\:user:suffix-pw`,
      `other.example.com:5432:*:bob:${own}old`,
      `${dsn.server}:5432:orders:app\\:user\\:x:escaped-colon`,
      `${dsn.server}:5432:orders:app\\\\:user:escaped-backslash`,
      `${dsn.server}:5433:orders:app\\:user:other-port\r`,
      '',
    ];
    const before = [neighbours[0], `${own}stale-token`, ...neighbours.slice(1)].join('\n');
    const after = `${own}${pgpassEscape(recipeToken(dsn))}\n${neighbours.join('\n')}`;
    const libpqSees = (file: string): string[] =>
      libpqPasswords(file, [
        { host: dsn.server, port: '5432', database: 'orders', user: 'app:user' },
        { host: `new-${dsn.server}`, port: '5432', database: 'orders', user: 'app:user' },
        { host: 'other.example.com', port: '5432', database: 'x', user: 'bob' },
        { host: dsn.server, port: '5432', database: 'orders', user: 'app:user:x' },
        { host: dsn.server, port: '5432', database: 'orders', user: 'app\\:user' },
      ]);
    // bob's password is the text up to its first unescaped ':' (the server name), as libpq reads it.
    const expectedPasswords = [recipeToken(dsn), 'suffix-pw', dsn.server, 'escaped-colon', 'escaped-backslash'];

    // ~/.pgpass, twice: the second run replaces the first run's line, nothing else moves.
    const plain = join(home, '.pgpass');
    writeFileSync(plain, before, { mode: 0o600 });
    for (let i = 0; i < 2; i++) expect(runInBash(command, { HOME: home }).status).toBe(0);
    expect(readFileSync(plain).equals(Buffer.from(after))).toBe(true);
    expect(statSync(plain).mode & 0o777).toBe(0o600);
    expect(libpqSees(plain)).toEqual(expectedPasswords);

    // A symlinked ~/.pgpass stays a link; its target is rewritten in its own folder.
    const dotfiles = join(home, 'dotfiles');
    mkdirSync(dotfiles);
    writeFileSync(join(dotfiles, 'pgpass'), before, { mode: 0o600 });
    rmSync(plain);
    symlinkSync(join(dotfiles, 'pgpass'), plain);
    expect(runInBash(command, { HOME: home }).status).toBe(0);
    expect(lstatSync(plain).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dotfiles, 'pgpass')).equals(Buffer.from(after))).toBe(true);
    expect(readdirSync(dotfiles)).toEqual(['pgpass']);

    // PGPASSFILE names the file; ~/.pgpass is not touched.
    const named = join(home, 'named.conf');
    writeFileSync(named, before, { mode: 0o600 });
    expect(runInBash(command, { HOME: home, PGPASSFILE: named }).status).toBe(0);
    expect(readFileSync(named).equals(Buffer.from(after))).toBe(true);
    expect(readFileSync(join(dotfiles, 'pgpass')).equals(Buffer.from(after))).toBe(true);
    expect(readdirSync(home).sort()).toEqual(['.pgpass', 'dotfiles', 'named.conf']);
  });

  it('live: the line is the escaped fields and token', () => {
    const out = exportDsn(IAM_DSN, 'pgpass', { secret: { kind: 'token', value: 'h:5432/?a=b\\c', expiresAt: '2030-01-01T00:15:00.000Z' } });
    expect(out.text).toBe(
      '# IAM token valid until 2030-01-01T00:15:00.000Z; write a new line after that.\n' + `${IAM_DSN.server}:5432:orders:app_user:h\\:5432/?a=b\\\\c`,
    );
  });
});

describe('the bash harness itself', () => {
  it('notices a string that runs, and reports argv and the environment exactly', () => {
    const run = runInBash('psql "$(pwned x)" \'a b\'; export PGHOST="`pwned y`x"');
    expect(run.pwned).toEqual(['pwned x', 'pwned y']);
    expect(run.psql).toEqual([{ argv: ['', 'a b'], pgpassword: undefined }]);
    expect(run.env).toEqual({ PGHOST: 'x' });
  });
});
