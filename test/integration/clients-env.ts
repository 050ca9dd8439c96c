import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FixtureAccessKey } from '../fixture/iam-postgres-types';

/**
 * What a user's shell has for the client tests: the fixture's AWS key in the environment, empty AWS
 * files in `dir`, STS pointed at a dead loopback port, and nothing else of ours (no PG*, no ~/.pgpass).
 */
export function clientEnv(dir: string, key: FixtureAccessKey): Record<string, string> {
  writeFileSync(join(dir, 'aws-config'), '');
  writeFileSync(join(dir, 'aws-credentials'), '');
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    LANG: 'C.UTF-8',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
    AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
    AWS_ACCESS_KEY_ID: key.accessKeyId,
    AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
    PGPASSFILE: join(dir, 'no-such-pgpass'),
  };
}
