/**
 * The TLS & network section: SSL mode (with what each mode really does, for IAM too), the CA
 * bundle that turns verification on, and the Network fieldset (NetworkFields.tsx: direct, connect
 * via, or an SSH tunnel; the timeouts).
 */
import { useFormContext, useWatch } from 'react-hook-form';
import type { SavedDsn } from '../../../../shared/dsn';
import { SelectField, TextField, type SelectOption } from './Field';
import type { DsnFormValues } from './form-values';
import { NetworkFields } from './NetworkFields';

const HINTS: Record<DsnFormValues['sslMode'], { iam: string; database: string }> = {
  require: {
    iam: 'Always encrypt.',
    database: 'Always encrypt; the connection fails without TLS.',
  },
  prefer: {
    iam: 'For IAM this acts as require: the token is only ever sent over TLS (exports say sslmode=require).',
    database: 'Encrypt when the server supports it, else connect unencrypted.',
  },
  allow: {
    iam: 'For IAM this acts as require: the token is only ever sent over TLS (exports say sslmode=require).',
    database: 'Try without TLS first; encrypt only if the server insists.',
  },
  disable: {
    iam: 'Not allowed for IAM: RDS accepts tokens only over TLS.',
    database: 'Never encrypt.',
  },
};

export function TlsNetworkFields({ saved }: { saved: SavedDsn | undefined }) {
  const { control } = useFormContext<DsnFormValues>();
  const [authType, sslMode, caBundlePath] = useWatch({ control, name: ['authType', 'sslMode', 'caBundlePath'] });
  const iam = authType === 'iam';
  // `disable` is offered for database auth only; it stays listed (and flagged) if already chosen.
  const choices: SelectOption[] = (['require', 'prefer', 'allow', 'disable'] as const)
    .filter((mode) => mode !== 'disable' || !iam || sslMode === 'disable')
    .map((mode) => ({ value: mode, label: mode === 'disable' && iam ? 'disable (not allowed for IAM)' : mode }));
  const verified = caBundlePath.trim() !== '';

  return (
    <>
      <fieldset className="form-section">
        <legend>TLS</legend>
        <div className="grid">
          <SelectField name="sslMode" label="SSL mode" choices={choices} hint={HINTS[sslMode][iam ? 'iam' : 'database']} className="span-1" />
          <TextField
            name="caBundlePath"
            label="CA bundle path"
            className="span-3"
            placeholder="/path/to/global-bundle.pem"
            hint={
              verified
                ? 'The server certificate is verified against this bundle, chain and name (libpq verify-full).'
                : 'Empty: encrypted, but the server is not verified. Set the RDS global-bundle.pem (truststore.pki.rds.amazonaws.com) to verify it.'
            }
          />
        </div>
      </fieldset>
      <NetworkFields saved={saved} />
    </>
  );
}
