/** Export formats and what an export produces. */

/** Formats the Export panel offers, in the order it shows them. */
export const EXPORT_FORMATS = ['uri', 'keyword', 'psql', 'env', 'pgpass', 'jdbc', 'python', 'odbc', 'odbc-community', 'node', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Human labels of the formats. */
export const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = {
  uri: 'libpq URI',
  keyword: 'libpq keyword/value',
  psql: 'psql command line',
  env: 'Environment variables (PG*)',
  pgpass: '.pgpass line',
  jdbc: 'JDBC URL (AWS Advanced JDBC Wrapper)',
  python: 'Python (AWS Advanced Python Wrapper)',
  odbc: 'ODBC (AWS ODBC Driver for PostgreSQL)',
  'odbc-community': 'ODBC (community psqlODBC)',
  node: 'Node.js (node-postgres + RDS signer)',
  json: 'JSON (the DSN, no secrets)',
};

/** The text of an export and what the user must know about it. */
export interface ExportOutput {
  format: ExportFormat;
  text: string;
  /** True when `text` holds a token or a password: treat it as a credential. */
  containsSecret: boolean;
  /** When `containsSecret`: the same text with the secret replaced by a placeholder, shown until the user reveals it. */
  maskedText?: string | undefined;
  /** ISO time when the included token stops working. */
  tokenExpiresAt?: string | undefined;
  /** Notes for the user, e.g. how to produce the token where the string is used. */
  notes: string[];
  /** For a DSN with an SSH tunnel: the `ssh -L` command to run first (POSIX quoted); `text` connects through its local end. */
  tunnelCommand?: string | undefined;
}
