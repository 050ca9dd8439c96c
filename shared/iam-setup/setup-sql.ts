/**
 * The SQL that makes a PostgreSQL user log in with IAM on RDS / Aurora: create it, grant it
 * `rds_iam`, and optionally give it read-only or read-write access to one schema. User text only
 * ever appears as a quoted identifier, never in a comment.
 */
import { quoteIdent } from './sql-identifier';

/** How much access a schema grant gives. */
export const SCHEMA_PRIVILEGES = ['read-only', 'read-write'] as const;
/** One of {@link SCHEMA_PRIVILEGES}. */
export type SchemaPrivilege = (typeof SCHEMA_PRIVILEGES)[number];

/** Labels for {@link SCHEMA_PRIVILEGES}. */
export const SCHEMA_PRIVILEGE_LABELS: Record<SchemaPrivilege, string> = {
  'read-only': 'Read-only (SELECT)',
  'read-write': 'Read-write (SELECT, INSERT, UPDATE, DELETE)',
};

/** Access to one schema's tables (and, read-write, its sequences). */
export interface SchemaGrant {
  schema: string;
  privilege: SchemaPrivilege;
}

/** What {@link buildSetupSql} generates the SQL for. */
export interface SetupSqlInput {
  /** The PostgreSQL user, exactly as the DSN signs tokens for it. */
  dbUser: string;
  /** Grant access to a schema as well; undefined for none. */
  schemaGrant?: SchemaGrant;
}

/** The statements creating the user and granting it `rds_iam`. */
export function createUserStatements(dbUser: string): string[] {
  const user = quoteIdent(dbUser);
  return [`CREATE USER ${user} WITH LOGIN;`, `GRANT rds_iam TO ${user};`];
}

/**
 * The statements granting `dbUser` access to a schema: USAGE on it, the privileges on every table
 * (and, read-write, USAGE and SELECT on every sequence, for serial columns), and the same as
 * default privileges for tables the role running this creates there later.
 */
export function schemaGrantStatements(dbUser: string, grant: SchemaGrant): string[] {
  const user = quoteIdent(dbUser);
  const schema = quoteIdent(grant.schema);
  const tables = grant.privilege === 'read-only' ? 'SELECT' : 'SELECT, INSERT, UPDATE, DELETE';
  const statements = [`GRANT USAGE ON SCHEMA ${schema} TO ${user};`, `GRANT ${tables} ON ALL TABLES IN SCHEMA ${schema} TO ${user};`];
  if (grant.privilege === 'read-write') statements.push(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${user};`);
  statements.push(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT ${tables} ON TABLES TO ${user};`);
  if (grant.privilege === 'read-write') statements.push(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${user};`);
  return statements;
}

/**
 * The whole script: {@link createUserStatements}, then {@link schemaGrantStatements} when asked,
 * with short fixed comments. Ends with a newline.
 *
 * @throws RangeError when the user or schema name is empty or contains NUL (see {@link quoteIdent}).
 */
export function buildSetupSql(input: SetupSqlInput): string {
  const lines = ['-- Create the database user and let it log in with IAM tokens.', ...createUserStatements(input.dbUser)];
  const grant = input.schemaGrant;
  if (grant !== undefined) {
    lines.push(
      '',
      grant.privilege === 'read-only'
        ? '-- Read-only access to the schema: its tables now, and tables the role running this creates there later.'
        : '-- Read-write access to the schema: its tables and sequences now, and those the role running this creates there later.',
      ...schemaGrantStatements(input.dbUser, grant),
    );
  }
  return `${lines.join('\n')}\n`;
}
