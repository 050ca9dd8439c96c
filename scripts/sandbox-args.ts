/** Command-line options of `npm run sandbox` (scripts/sandbox.ts). */
import { parseArgs } from 'node:util';

/** What the user asked for. */
export interface SandboxOptions {
  /** Fixed loopback port for "Connect via", and port+1 for STS (forwarders to the real free ports); undefined = those. */
  port: number | undefined;
  /** Folder for the AWS files, the DSN JSON and the CA; undefined = a new temp dir. */
  dir: string | undefined;
  /** Print the connection facts as one JSON line on stdout instead of the instructions. */
  json: boolean;
}

export type ParsedArgs = { kind: 'run'; options: SandboxOptions } | { kind: 'help' } | { kind: 'usage-error'; message: string };

export const SANDBOX_USAGE = `Usage: npm run sandbox -- [--port N] [--dir D] [--json]

Starts a local PostgreSQL 15 that checks AWS IAM auth tokens like RDS does (TLS with a test CA,
PAM + SigV4), a loopback STS, a temporary AWS profile "iam-dsn-sandbox" with invented keys, and
a ready-to-import DSN JSON; prints how to connect. Runs until Ctrl-C / SIGTERM, then removes
everything it made. Needs Linux, root, PostgreSQL 15 server binaries, gcc, libpam headers, openssl.

Options:
  --port N   listen for "Connect via" on 127.0.0.1:N and for STS on N+1 (default: free ports
             chosen at start); with --dir, a DSN saved in the app keeps working across restarts
  --dir D    write the AWS files, dsn.json, ca.pem and env.sh to D (default: a new temp dir);
             only those files are removed at the end, and D itself only if the sandbox created it
  --json     print the connection facts as one JSON line on stdout (for scripts), progress on stderr
  -h, --help show this help
`;

export function parseSandboxArgs(argv: readonly string[]): ParsedArgs {
  let values: { port?: string | undefined; dir?: string | undefined; json?: boolean | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        dir: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'usage-error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help === true) return { kind: 'help' };
  let port: number | undefined;
  if (values.port !== undefined) {
    port = /^\d{1,5}$/.test(values.port) ? Number(values.port) : Number.NaN;
    if (!(port >= 1 && port <= 65534)) return { kind: 'usage-error', message: `--port must be a whole number from 1 to 65534, got "${values.port}"` };
  }
  if (values.dir !== undefined && values.dir.trim() === '') return { kind: 'usage-error', message: '--dir needs a folder path' };
  return { kind: 'run', options: { port, dir: values.dir, json: values.json === true } };
}
