import { describe, expect, it } from 'vitest';
import { buildSetupSql, createUserStatements, schemaGrantStatements } from '../../../shared/iam-setup';

describe('setup SQL', () => {
  it('creates the user and grants rds_iam', () => {
    expect(buildSetupSql({ dbUser: 'reader' })).toBe(
      ['-- Create the database user and let it log in with IAM tokens.', 'CREATE USER reader WITH LOGIN;', 'GRANT rds_iam TO reader;', ''].join('\n'),
    );
  });

  it('quotes the user name when needed', () => {
    expect(createUserStatements('Robert"); DROP TABLE x;--')).toEqual([
      'CREATE USER "Robert""); DROP TABLE x;--" WITH LOGIN;',
      'GRANT rds_iam TO "Robert""); DROP TABLE x;--";',
    ]);
    expect(createUserStatements('select')).toEqual(['CREATE USER "select" WITH LOGIN;', 'GRANT rds_iam TO "select";']);
  });

  it('grants read-only access to a schema', () => {
    expect(schemaGrantStatements('reader', { schema: 'public', privilege: 'read-only' })).toEqual([
      'GRANT USAGE ON SCHEMA public TO reader;',
      'GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader;',
      'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO reader;',
    ]);
  });

  it('grants read-write access to a schema, with its sequences', () => {
    expect(schemaGrantStatements('App', { schema: 'Sales Data', privilege: 'read-write' })).toEqual([
      'GRANT USAGE ON SCHEMA "Sales Data" TO "App";',
      'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "Sales Data" TO "App";',
      'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "Sales Data" TO "App";',
      'ALTER DEFAULT PRIVILEGES IN SCHEMA "Sales Data" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "App";',
      'ALTER DEFAULT PRIVILEGES IN SCHEMA "Sales Data" GRANT USAGE, SELECT ON SEQUENCES TO "App";',
    ]);
  });

  it('puts user text only into quoted identifiers, never into comments', () => {
    const sql = buildSetupSql({ dbUser: 'x\nDROP TABLE t; --', schemaGrant: { schema: 's\n; DROP TABLE u; --', privilege: 'read-write' } });
    const comments = (text: string) => text.split('\n').filter((line) => line.startsWith('--'));
    const plain = buildSetupSql({ dbUser: 'a', schemaGrant: { schema: 'b', privilege: 'read-write' } });
    expect(comments(sql)).toEqual(comments(plain));
    expect(comments(sql)).toHaveLength(2);
    expect(sql).toContain('CREATE USER "x\nDROP TABLE t; --" WITH LOGIN;');
  });

  it('refuses a NUL in the user or schema name', () => {
    expect(() => buildSetupSql({ dbUser: 'a\0b' })).toThrow(/NUL/);
    expect(() => buildSetupSql({ dbUser: 'a', schemaGrant: { schema: '\0', privilege: 'read-only' } })).toThrow(/NUL/);
  });
});
