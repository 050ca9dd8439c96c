/**
 * The setup as numbered steps, each with its own inputs and what to copy: (1) IAM authentication
 * on, (2) the database user, (3) the resource ID, (4) the connect policy, (5) attach it.
 */
import type { AwsCliCommand, AwsCliStepId, IamSetupField, IamSetupPlan } from '../../../../shared/iam-setup';
import { CopyBlock } from './CopyBlock';
import { IamSetupFields } from './IamSetupFields';
import type { SetupValues } from './setup-values';

const COPY_NAMES: Record<AwsCliStepId, string> = {
  'find-cluster': 'find-cluster command',
  'find-proxy': 'find-proxy command',
  'enable-iam': 'enable IAM authentication command',
  'proxy-end-to-end': 'end-to-end IAM command',
  'find-resource-id': 'find resource ID command',
  'master-user': 'master user command',
  'create-policy': 'create policy command',
  'attach-policy': 'attach policy command',
};

function Commands({ commands, ids }: { commands: AwsCliCommand[] | undefined; ids: readonly AwsCliStepId[] }) {
  if (commands === undefined) return <p className="muted">Fix the fields to see the AWS CLI commands.</p>;
  return (
    <>
      {commands
        .filter((c) => ids.includes(c.id))
        .map((c) => (
          <CopyBlock key={c.id} title={c.title} copyName={COPY_NAMES[c.id]} text={c.command} note={c.note} testId={`iam-command-${c.id}`} />
        ))}
    </>
  );
}

function Notes({ notes, label }: { notes: string[]; label: string }) {
  if (notes.length === 0) return null;
  return (
    <ul className="notes" aria-label={label}>
      {notes.map((note) => (
        <li key={note}>{note}</li>
      ))}
    </ul>
  );
}

interface IamSetupStepsProps {
  plan: IamSetupPlan;
  values: SetupValues;
  errors: Partial<Record<IamSetupField, string>>;
  onChange: (patch: Partial<SetupValues>) => void;
  onBlur: (field: IamSetupField) => void;
}

export function IamSetupSteps({ plan, values, errors, onChange, onBlur }: IamSetupStepsProps) {
  const fields = { values, plan, errors, onChange, onBlur };
  const attachMissing = plan.commands !== undefined && !plan.commands.some((c) => c.id === 'attach-policy') && plan.errors.principalName === undefined && plan.errors.accountId === undefined;
  return (
    <ol className="iam-steps">
      <li className="iam-step">
        <h3>Turn on IAM database authentication</h3>
        <IamSetupFields group="target" {...fields} />
        <Commands commands={plan.commands} ids={['find-cluster', 'find-proxy', 'enable-iam', 'proxy-end-to-end']} />
      </li>
      <li className="iam-step">
        <h3>Create the database user</h3>
        <Commands commands={plan.commands} ids={['master-user']} />
        {plan.sql === undefined ? (
          <p className="muted">Fix the DSN’s User name (or the schema) to see the SQL.</p>
        ) : (
          <CopyBlock title="SQL (run as the master user)" copyName="SQL" text={plan.sql} testId="iam-sql" />
        )}
        <IamSetupFields group="schema" {...fields} />
        <Notes notes={plan.sqlNotes} label="About the SQL" />
      </li>
      <li className="iam-step">
        <h3>Find the resource ID</h3>
        <Commands commands={plan.commands} ids={['find-resource-id']} />
        <IamSetupFields group="resource" {...fields} />
      </li>
      <li className="iam-step">
        <h3>Create the policy that allows rds-db:connect</h3>
        {plan.wildcardWarnings.length > 0 && (
          <div className="callout callout-warning" role="note" data-testid="iam-wildcard-warning">
            <strong>The policy is broader than this database.</strong>
            {plan.wildcardWarnings.map((warning) => (
              <p key={warning}>{warning}</p>
            ))}
          </div>
        )}
        {plan.policy === undefined ? (
          <p className="muted">Finish or fix the fields above to see the policy.</p>
        ) : (
          <CopyBlock title="IAM policy (policy.json)" copyName="IAM policy" text={plan.policy.json} note={`Allows rds-db:connect on ${plan.policy.resourceArn}`} testId="iam-policy" />
        )}
        <Commands commands={plan.commands} ids={['create-policy']} />
      </li>
      <li className="iam-step">
        <h3>Attach it to the role or user that signs</h3>
        <IamSetupFields group="principal" {...fields} />
        <Commands commands={plan.commands} ids={['attach-policy']} />
        {attachMissing && <p className="muted">Enter an IAM role or user name for the attach command.</p>}
      </li>
    </ol>
  );
}
