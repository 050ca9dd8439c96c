/**
 * The password the real libpq takes from a password file (PQconnectStartParams + PQpass through
 * python3's ctypes; libpq reads the file before any server is reached): the ground truth for every
 * .pgpass test, the app's editing and the export's shell recipe alike.
 */
import { spawnSync } from 'node:child_process';
import type { PgpassKey } from '../../electron/main/files/pgpass';

const LIBPQ = `
import ctypes, ctypes.util, json, sys
libpq = ctypes.CDLL(ctypes.util.find_library("pq") or "libpq.so.5")
libpq.PQconnectStartParams.restype = ctypes.c_void_p
libpq.PQconnectStartParams.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_char_p), ctypes.c_int]
libpq.PQpass.restype = ctypes.c_char_p
libpq.PQpass.argtypes = [ctypes.c_void_p]
libpq.PQfinish.argtypes = [ctypes.c_void_p]
out = []
for params in json.loads(sys.argv[1]):
    keys = list(params.keys()) + [None]
    vals = [params[k] for k in params] + [None]
    k = (ctypes.c_char_p * len(keys))(*[x.encode() if x else None for x in keys])
    v = (ctypes.c_char_p * len(vals))(*[x.encode() if x else None for x in vals])
    conn = libpq.PQconnectStartParams(k, v, 0)
    out.append(libpq.PQpass(conn).decode())
    libpq.PQfinish(conn)
print(json.dumps(out))
`;

/** The password the real libpq takes from `file` for each key (the socket goes to a closed loopback port). */
export function libpqPasswords(file: string, keys: PgpassKey[]): string[] {
  const params = keys.map((k) => ({ host: k.host, hostaddr: '127.0.0.1', port: k.port, dbname: k.database, user: k.user, passfile: file, sslmode: 'disable', connect_timeout: '1' }));
  const run = spawnSync('python3', ['-c', LIBPQ, JSON.stringify(params)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as string[];
}
