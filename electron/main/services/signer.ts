/**
 * IAM authentication tokens: resolves AWS credentials, signs with @aws-sdk/rds-signer and keeps
 * tokens in memory (never on disk) for at most the DSN's token expiration.
 */
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { Signer } from '@aws-sdk/rds-signer';
import type { TokenFacts } from '../../../shared/connection-test';
import { type CredentialSource, type Dsn, MAX_TOKEN_EXPIRATION_SECONDS } from '../../../shared/dsn';
import { err, ok, type Result } from '../../../shared/result';
import type { Clock } from '../ports';
import { credentialError, describeSource, missingCredentials, safeDetail } from './credential-errors';

/** Resolved AWS credentials (what the SDK's providers return). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  expiration?: Date | undefined;
}

/** A function that resolves credentials, like the SDK's credential providers. */
export type CredentialProvider = () => Promise<AwsCredentials>;

/** Makes the provider for a DSN's credential source; tests inject one returning fixture keys. */
export type CredentialProviderFactory = (source: CredentialSource) => CredentialProvider;

/** The real providers: the Node default chain, or one named profile of the shared files. */
export const awsCredentialProviderFactory: CredentialProviderFactory = (source) =>
  source.kind === 'profile' ? fromIni({ profile: source.profile }) : fromNodeProviderChain();

/** The DSN fields a token depends on. */
export type SignTarget = Pick<Dsn, 'server' | 'port' | 'user' | 'region' | 'credentialSource' | 'tokenExpirationSeconds'>;

/** A token with what may be shown about it. `token` is a secret: never log or return it. */
export interface SignedToken {
  token: string;
  facts: TokenFacts;
  /** Cache key, for {@link TokenSigner.invalidate} after the server refused the token. */
  cacheKey: string;
  /** When RDS stops accepting the token (15 minutes after signing), ms since the epoch. */
  expiresAt: number;
}

export interface SignOptions {
  /** Sign a new token even when a cached one is still valid (exports). */
  fresh?: boolean;
}

/** Only what the signer needs; the real {@link TokenSigner} satisfies it. */
export interface TokenSignerPort {
  sign(target: SignTarget, options?: SignOptions): Promise<Result<SignedToken>>;
  invalidate(cacheKey: string): void;
}

export interface TokenSignerDeps {
  clock: Clock;
  /** Defaults to {@link awsCredentialProviderFactory}. */
  credentialProviderFactory?: CredentialProviderFactory;
}

interface CacheEntry {
  token: string;
  signedAt: number;
  /** When the credentials that signed it expire, if they do. */
  credentialsExpireAt: number | undefined;
}

const TOKEN_LIFETIME_MS = MAX_TOKEN_EXPIRATION_SECONDS * 1000;

function sourceKey(source: CredentialSource): string {
  return source.kind === 'profile' ? `profile:${source.profile}` : 'default';
}

/**
 * Signs RDS IAM tokens for `server:port` (never the connect-via address), region and user of a
 * DSN. Tokens are cached per signing host, port, user, region and identity (credential source and
 * resolved access key id) for at most `tokenExpirationSeconds`, in memory only.
 */
export class TokenSigner implements TokenSignerPort {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly providers = new Map<string, CredentialProvider>();
  private readonly clock: Clock;
  private readonly providerFactory: CredentialProviderFactory;

  constructor(deps: TokenSignerDeps) {
    this.clock = deps.clock;
    this.providerFactory = deps.credentialProviderFactory ?? awsCredentialProviderFactory;
  }

  async sign(target: SignTarget, options: SignOptions = {}): Promise<Result<SignedToken>> {
    if (target.region === '') return err('SIGNING_FAILED', 'A region is required to sign an IAM token.', { hint: 'Fill in the Region field, e.g. us-east-1.' });
    const creds = await this.resolveCredentials(target.credentialSource);
    if (!creds.ok) return creds;
    const now = this.clock.now();
    const credentialsExpireAt = creds.value.expiration?.getTime();
    if (credentialsExpireAt !== undefined && credentialsExpireAt <= now) {
      return credentialsExpired(target.credentialSource, credentialsExpireAt);
    }
    const cacheKey = [target.server, target.port, target.user, target.region, sourceKey(target.credentialSource), creds.value.accessKeyId].join('|');
    this.evictExpired(now);
    const cached = this.cache.get(cacheKey);
    if (!options.fresh && cached !== undefined) {
      const reuseUntil = this.reuseUntil(cached, target);
      if (now < reuseUntil) return ok(this.result(target, cached, cacheKey, reuseUntil, true));
    }
    try {
      const signer = new Signer({
        hostname: target.server,
        port: target.port,
        region: target.region,
        username: target.user,
        credentials: {
          accessKeyId: creds.value.accessKeyId,
          secretAccessKey: creds.value.secretAccessKey,
          sessionToken: creds.value.sessionToken,
        },
      });
      const token = await signer.getAuthToken();
      const entry: CacheEntry = { token, signedAt: now, credentialsExpireAt };
      this.cache.set(cacheKey, entry);
      return ok(this.result(target, entry, cacheKey, this.reuseUntil(entry, target), false));
    } catch (error) {
      return err('SIGNING_FAILED', 'Signing the IAM token failed.', { detail: safeDetail(error) });
    }
  }

  /** Forgets a cached token, e.g. after the server refused it. */
  invalidate(cacheKey: string): void {
    this.cache.delete(cacheKey);
  }

  /** Forgets every cached token and credential provider. */
  clear(): void {
    this.cache.clear();
    this.providers.clear();
  }

  private async resolveCredentials(source: CredentialSource): Promise<Result<AwsCredentials>> {
    const key = sourceKey(source);
    let provider = this.providers.get(key);
    if (provider === undefined) {
      provider = this.providerFactory(source);
      this.providers.set(key, provider);
    }
    try {
      const creds = await provider();
      if (!creds.accessKeyId || !creds.secretAccessKey) return { ok: false, error: missingCredentials(source) };
      return ok(creds);
    } catch (error) {
      // Let the next attempt build a fresh provider (e.g. after `aws sso login`).
      this.providers.delete(key);
      return { ok: false, error: credentialError(error, source) };
    }
  }

  private reuseUntil(entry: CacheEntry, target: SignTarget): number {
    const limit = entry.signedAt + Math.min(target.tokenExpirationSeconds * 1000, TOKEN_LIFETIME_MS);
    return entry.credentialsExpireAt === undefined ? limit : Math.min(limit, entry.credentialsExpireAt);
  }

  private evictExpired(now: number): void {
    for (const [key, entry] of this.cache) {
      if (now >= entry.signedAt + TOKEN_LIFETIME_MS) this.cache.delete(key);
    }
  }

  private result(target: SignTarget, entry: CacheEntry, cacheKey: string, reuseUntil: number, fromCache: boolean): SignedToken {
    return {
      token: entry.token,
      cacheKey,
      expiresAt: entry.signedAt + TOKEN_LIFETIME_MS,
      facts: { signedFor: `${target.server}:${target.port}`, region: target.region, reuseUntil: new Date(reuseUntil).toISOString(), fromCache },
    };
  }
}

function credentialsExpired(source: CredentialSource, at: number): Result<never> {
  return err('CREDENTIALS_EXPIRED', `The AWS credentials from ${describeSource(source)} expired at ${new Date(at).toISOString()}.`, {
    hint: source.kind === 'profile' ? `Refresh them (e.g. \`aws sso login --profile ${source.profile}\`), then test again.` : 'Refresh them (e.g. `aws sso login` or new temporary keys), then test again.',
  });
}
