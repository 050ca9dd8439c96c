import { describe, expect, it } from 'vitest';
import { identifierProblem, quoteIdent, roleNameProblem, utf8Length } from '../../../shared/iam-setup';
import { PG_KEYWORDS } from '../../../shared/iam-setup/pg-keywords';

describe('quoteIdent', () => {
  it.each([
    ['reader', 'reader'],
    ['_app_2', '_app_2'],
    ['a1', 'a1'],
  ])('leaves the lower-case identifier %s bare', (name, quoted) => {
    expect(quoteIdent(name)).toBe(quoted);
  });

  it.each([
    ['MixedCase', '"MixedCase"'],
    ['select', '"select"'],
    ['user', '"user"'],
    ['name', '"name"'],
    ['json_table', '"json_table"'],
    ['1abc', '"1abc"'],
    ['with space', '"with space"'],
    ['a-b', '"a-b"'],
    ['dollar$', '"dollar$"'],
    ['ユーザー', '"ユーザー"'],
    ['é', '"é"'],
    ['Robert"); DROP TABLE x;--', '"Robert""); DROP TABLE x;--"'],
    ['""', '""""""'],
    ['new\nline', '"new\nline"'],
  ])('quotes %j as %s', (name, quoted) => {
    expect(quoteIdent(name)).toBe(quoted);
  });

  it('quotes every key word, also unreserved ones', () => {
    expect(PG_KEYWORDS.size).toBeGreaterThan(450);
    for (const word of PG_KEYWORDS) expect(quoteIdent(word)).toBe(`"${word}"`);
  });

  it('rejects NUL and the empty name', () => {
    expect(() => quoteIdent('a\0b')).toThrow(RangeError);
    expect(() => quoteIdent('')).toThrow(RangeError);
  });
});

describe('identifier and role name problems', () => {
  it('counts UTF-8 bytes as PostgreSQL does', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('ユ')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
  });

  it('accepts up to 63 bytes and rejects longer names PostgreSQL would cut', () => {
    expect(identifierProblem('a'.repeat(63), 'Schema')).toBeUndefined();
    expect(identifierProblem('a'.repeat(64), 'Schema')).toMatch(/64 bytes/);
    expect(identifierProblem('ユ'.repeat(21), 'Schema')).toBeUndefined();
    expect(identifierProblem('ユ'.repeat(22), 'Schema')).toMatch(/66 bytes.*63/);
  });

  it('rejects empty, NUL and reserved role names', () => {
    expect(roleNameProblem('')).toBe('User name is required');
    expect(roleNameProblem('a\0')).toMatch(/NUL/);
    expect(roleNameProblem('public')).toMatch(/reserved/);
    expect(roleNameProblem('none')).toMatch(/reserved/);
    expect(roleNameProblem('pg_reader')).toMatch(/pg_/);
    expect(roleNameProblem('Public')).toBeUndefined();
    expect(roleNameProblem('select')).toBeUndefined();
    expect(roleNameProblem('Robert"); DROP TABLE x;--')).toBeUndefined();
  });
});
