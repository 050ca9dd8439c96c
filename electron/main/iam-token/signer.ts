/**
 * IAM authentication tokens: resolves AWS credentials (credentials/resolver.ts), signs with
 * @aws-sdk/rds-signer and keeps tokens in memory (never on disk) for at most the DSN's token
 * expiration and never past the credentials' own expiry.
 */
import { Signer } from '@aws-sdk/rds-signer';
import type { IdentityFacts, TokenFacts } from '../../../shared/connection-test';
import { type AssumeRole, type Dsn, MAX_TOKEN_EXPIRATION_SECONDS } from '../../../shared/dsn';
import { signingHost } from '../../../shared/host';
import { err, ok, type Result } from '../../../shared/result';
import type { Clock } from '../platform/clock';
import { safeDetail } from '../credentials/errors';
import type { AwsCredentials, CredentialProviderFactory, StaticSecrets } from '../credentials/types';
import { maskAccessKeyId } from '../credentials/describe';
import { SecretFingerprint } from '../credentials/fingerprint';
import { createCredentialChain, credentialTargetOf } from '../credentials/provider-chain';
import { CredentialResolver, expiredCredentials, type ResolvedCredentials } from '../credentials/resolver';
import type { MfaPrompt } from '../credentials/mfa-broker';

export type { AwsCredentials, CredentialProvider, CredentialProviderFactory, StaticSecrets } from '../credentials/types';

/** The real providers (see credentials/provider-chain.ts). */
export const awsCredentialProviderFactory: CredentialProviderFactory = createCredentialChain;

/** The DSN fields a token depends on. */
export type SignTarget = Pick<Dsn, 'server' | 'port' | 'user' | 'region' | 'credentialSource' | 'tokenExpirationSeconds'> & {
  name?: string | undefined;
  assumeRole?: AssumeRole | undefined;
  stsEndpoint?: string | undefined;
};

/** A token with what may be shown about it. `token` and `credentials` are secrets: never log or return them. */
export interface SignedToken {
  token: string;
  facts: TokenFacts;
  /** Who signed it, without any secret (the access key id masked). */
  identity: IdentityFacts;
  /** The credentials that signed it, for STS GetCallerIdentity (connection-test/caller-identity.ts). Main process only. */
  credentials: AwsCredentials;
  /** Cache key, for {@link TokenSigner.invalidate} after the server refused the token. */
  cacheKey: string;
  /**
   * When RDS stops accepting the token, ms since the epoch: 15 minutes after signing, or sooner
   * when the credentials that signed it expire sooner (RDS refuses a token of expired credentials).
   */
  expiresAt: number;
}

/** What one signing needs besides the target: passed by the caller, never read from ambient state. */
export interface SignOptions {
  /** Sign a new token even when a cached one is still valid (exports, refreshers). */
  fresh?: boolean | undefined;
  /** The secret key and session token of a `static` source (typed, stored or given to the CLI). Main process only. */
  secrets?: StaticSecrets | undefined;
  /** Cancels the signing, an MFA prompt included (a cancelled test, a stopped refresher). */
  signal?: AbortSignal | undefined;
  /** Who asks, in the words of the MFA dialog ("DSN \"prod\""); by default the target's name, else user@server. */
  purpose?: string | undefined;
}

/** Only what the signer needs; the real {@link TokenSigner} satisfies it. */
export interface TokenSignerPort {
  sign(target: SignTarget, options?: SignOptions): Promise<Result<SignedToken>>;
  invalidate(cacheKey: string): void;
}

export interface TokenSignerDeps {
  clock: Clock;
  /** Defaults to {@link createCredentialChain}; tests inject one returning fixture keys. */
  credentialProviderFactory?: CredentialProviderFactory;
  /** Asks the user for MFA codes (the app's MfaBroker). */
  mfa?: MfaPrompt | undefined;
  /** The environment the credential chain reads (its AWS secrets are scrubbed from errors). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

interface CacheEntry {
  token: string;
  signedAt: number;
  /** When the credentials that signed it expire, if they do. */
  credentialsExpireAt: number | undefined;
}

const TOKEN_LIFETIME_MS = MAX_TOKEN_EXPIRATION_SECONDS * 1000;

/**
 * Signs RDS IAM tokens for `server:port` (never the connect-via address), region and user of a
 * DSN. Tokens are cached per signing host, port, user, region and identity (credential source,
 * role and resolved access key id) for at most `tokenExpirationSeconds`, in memory only. The
 * secrets of a `static` source and the abort signal come with each call ({@link SignOptions}).
 */
export class TokenSigner implements TokenSignerPort {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly clock: Clock;
  private readonly resolver: CredentialResolver;
  /** Tells credentials with the same key id apart (a corrected secret must not reuse a cached token). */
  private readonly fingerprint = new SecretFingerprint();

  constructor(deps: TokenSignerDeps) {
    this.clock = deps.clock;
    this.resolver = new CredentialResolver({ clock: deps.clock, factory: deps.credentialProviderFactory, mfa: deps.mfa, env: deps.env });
  }

  async sign(target: SignTarget, options: SignOptions = {}): Promise<Result<SignedToken>> {
    if (target.region === '') return err('SIGNING_FAILED', 'A region is required to sign an IAM token.', { hint: 'Fill in the Region field, e.g. us-east-1.' });
    const credentialTarget = credentialTargetOf(target);
    const resolved = await this.resolver.resolve(credentialTarget, { secrets: options.secrets, purpose: options.purpose ?? purposeOf(target), signal: options.signal });
    if (!resolved.ok) return resolved;
    const { credentials, describe } = resolved.value;
    const now = this.clock.now();
    const credentialsExpireAt = credentials.expiration?.getTime();
    if (credentialsExpireAt !== undefined && credentialsExpireAt <= now) return expiredCredentials(describe, credentialsExpireAt, credentialTarget);

    const cacheKey = [signingHost(target.server), target.port, target.user, target.region, resolved.value.identityKey, credentials.accessKeyId, this.fingerprint.of([credentials.secretAccessKey, credentials.sessionToken])].join('|');
    this.evictExpired(now);
    const cached = this.cache.get(cacheKey);
    if (!options.fresh && cached !== undefined) {
      const reuseUntil = this.reuseUntil(cached, target);
      if (now < reuseUntil) return ok(this.result(target, resolved.value, cached, cacheKey, reuseUntil, true));
    }
    try {
      const signer = new Signer({
        hostname: signingHost(target.server),
        port: target.port,
        region: target.region,
        username: target.user,
        credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken },
      });
      const token = await signer.getAuthToken();
      const entry: CacheEntry = { token, signedAt: now, credentialsExpireAt };
      this.cache.set(cacheKey, entry);
      return ok(this.result(target, resolved.value, entry, cacheKey, this.reuseUntil(entry, target), false));
    } catch (error) {
      return err('SIGNING_FAILED', 'Signing the IAM token failed.', { detail: safeDetail(error, [credentials.secretAccessKey, credentials.sessionToken]) });
    }
  }

  /** Forgets a cached token, e.g. after the server refused it. */
  invalidate(cacheKey: string): void {
    this.cache.delete(cacheKey);
  }

  /** Forgets every cached token and credential. */
  clear(): void {
    this.cache.clear();
    this.resolver.clear();
  }

  private reuseUntil(entry: CacheEntry, target: SignTarget): number {
    const limit = entry.signedAt + Math.min(target.tokenExpirationSeconds * 1000, TOKEN_LIFETIME_MS);
    return entry.credentialsExpireAt === undefined ? limit : Math.min(limit, entry.credentialsExpireAt);
  }

  private evictExpired(now: number): void {
    for (const [key, entry] of this.cache) {
      if (now >= entry.signedAt + TOKEN_LIFETIME_MS || (entry.credentialsExpireAt !== undefined && now >= entry.credentialsExpireAt)) this.cache.delete(key);
    }
  }

  private result(target: SignTarget, resolved: ResolvedCredentials, entry: CacheEntry, cacheKey: string, reuseUntil: number, fromCache: boolean): SignedToken {
    const expiresAt = tokenExpiry(entry);
    return {
      token: entry.token,
      cacheKey,
      expiresAt,
      credentials: resolved.credentials,
      identity: {
        source: resolved.describe,
        accessKeyIdMasked: maskAccessKeyId(resolved.credentials.accessKeyId),
        credentialsExpireAt: entry.credentialsExpireAt === undefined ? undefined : new Date(entry.credentialsExpireAt).toISOString(),
      },
      facts: {
        signedFor: `${signingHost(target.server)}:${target.port}`,
        region: target.region,
        reuseUntil: new Date(reuseUntil).toISOString(),
        expiresAt: new Date(expiresAt).toISOString(),
        fromCache,
      },
    };
  }
}

/** The token's real life: min(15 minutes after signing, the credentials' expiry). */
function tokenExpiry(entry: CacheEntry): number {
  const signed = entry.signedAt + TOKEN_LIFETIME_MS;
  return entry.credentialsExpireAt === undefined ? signed : Math.min(signed, entry.credentialsExpireAt);
}

/** What the MFA dialog says needs the code. */
function purposeOf(target: SignTarget): string {
  const name = target.name?.trim() ?? '';
  return name === '' ? `${target.user}@${target.server}` : `DSN "${name}"`;
}
