/** The collapsible "Advanced" section: STS endpoint (IAM), tunnel, CA bundle and timeouts. */
import { useId } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { TextField } from './Field';
import type { DsnFormValues } from './form-values';

interface AdvancedFieldsProps {
  open: boolean;
  onToggle: () => void;
}

export function AdvancedFields({ open, onToggle }: AdvancedFieldsProps) {
  const panelId = useId();
  const { control } = useFormContext<DsnFormValues>();
  const iam = useWatch({ control, name: 'authType' }) === 'iam';
  return (
    <section className="form-section advanced" aria-labelledby={`${panelId}-toggle`}>
      <h3 className="advanced-heading">
        <button id={`${panelId}-toggle`} type="button" className="disclosure" aria-expanded={open} aria-controls={panelId} onClick={onToggle}>
          Advanced
        </button>
      </h3>
      <div id={panelId} hidden={!open}>
        <p className="section-note">
          <strong>Connect via</strong> sends the connection through a tunnel or port-forward (SSH, SSM, kubectl), e.g. 127.0.0.1 and a
          local port. The IAM token is still signed for <em>Server</em>:<em>Port</em>, and TLS still checks the certificate against the
          server name, so keep those set to the real endpoint.
        </p>
        <div className="grid">
          {iam && (
            <TextField
              name="stsEndpoint"
              label="STS endpoint"
              className="span-4"
              placeholder="https://sts.us-east-1.amazonaws.com"
              hint="Where the app calls AWS STS to assume the role and to check who signs: an STS VPC interface endpoint (https://vpce-….sts.us-east-1.vpce.amazonaws.com) or a FIPS endpoint (https://sts-fips.us-east-1.amazonaws.com). Empty: the AWS default for the region."
            />
          )}
          <TextField name="connectViaHost" label="Connect via host" className="span-3" placeholder="127.0.0.1" />
          <TextField name="connectViaPort" label="Connect via port" numeric className="span-1" hint="Empty: the server's port." />
          <TextField
            name="caBundlePath"
            label="CA bundle path"
            className="span-4"
            placeholder="/path/to/global-bundle.pem"
            hint="Absolute path to a PEM file to verify the server certificate, e.g. the RDS global bundle. Empty: the system's trust store."
          />
          <TextField name="connectTimeoutSeconds" label="Connect timeout (seconds)" numeric className="span-2" hint="1–120" />
          <TextField name="queryTimeoutSeconds" label="Query timeout (seconds)" numeric className="span-2" hint="1–300" />
        </div>
      </div>
    </section>
  );
}
