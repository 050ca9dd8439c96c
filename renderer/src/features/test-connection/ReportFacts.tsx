/** The fact groups of a test report: server, IAM token and AWS identity. Every value is plain text. */
import type { IdentityFacts, ServerFacts, TokenFacts } from '../../../../shared/connection-test';
import { Time } from '../../components/Time';

function encryption(server: ServerFacts, verified: boolean | undefined): string {
  if (server.tls === null) return 'not encrypted';
  return `${server.tls.version}, ${server.tls.cipher}${verified === true ? ', certificate verified' : verified === false ? ', certificate not verified' : ''}`;
}

export function ServerFactsView({ server, verified }: { server: ServerFacts; verified?: boolean | undefined }) {
  return (
    <section className="fact-group" aria-label="Server">
      <h4>Server</h4>
      <dl>
        <dt>Version</dt>
        <dd>{server.serverVersion}</dd>
        <dt>current_user</dt>
        <dd>{server.currentUser}</dd>
        <dt>Database</dt>
        <dd>{server.database}</dd>
        <dt>Encryption</dt>
        <dd className={verified === false || server.tls === null ? 'fact-warning' : undefined}>{encryption(server, verified)}</dd>
        <dt>Connected to</dt>
        <dd>{server.connectedTo}</dd>
        {server.rdsIamMember !== undefined && (
          <>
            <dt>rds_iam</dt>
            <dd data-testid="rds-iam-member" className={server.rdsIamMember ? 'fact-ok' : 'fact-warning'}>
              {server.rdsIamMember ? (
                'current_user is a member of rds_iam'
              ) : (
                <>
                  <span aria-hidden="true">⚠ </span>not a member: IAM logins will fail for this user
                </>
              )}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

export function TokenFactsView({ token }: { token: TokenFacts }) {
  return (
    <section className="fact-group" aria-label="IAM token">
      <h4>IAM token</h4>
      <dl>
        <dt>Signed for</dt>
        <dd>{token.signedFor}</dd>
        <dt>Region</dt>
        <dd>{token.region}</dd>
        {token.expiresAt !== undefined && (
          <>
            <dt>Expires</dt>
            <dd data-testid="token-expires">
              <Time iso={token.expiresAt} />
            </dd>
          </>
        )}
        <dt>Reused until</dt>
        <dd>
          <Time iso={token.reuseUntil} />
        </dd>
        <dt>From cache</dt>
        <dd>{token.fromCache ? 'yes (reused)' : 'no (freshly signed)'}</dd>
      </dl>
    </section>
  );
}

export function IdentityFactsView({ identity }: { identity: IdentityFacts }) {
  return (
    <section className="fact-group" aria-label="Signed by" data-testid="identity-facts">
      <h4>Signed by</h4>
      <dl>
        <dt>Credential source</dt>
        <dd>{identity.source}</dd>
        <dt>Access key ID</dt>
        <dd>
          <code>{identity.accessKeyIdMasked}</code>
        </dd>
        <dt>Caller ARN</dt>
        <dd>{identity.callerArn ?? <span className="muted">not known (STS GetCallerIdentity did not answer)</span>}</dd>
        {identity.credentialsExpireAt !== undefined && (
          <>
            <dt>Credentials expire</dt>
            <dd>
              <Time iso={identity.credentialsExpireAt} />
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
