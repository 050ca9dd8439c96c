/** The generated setup, in the order to do it: IAM authentication on, the policy, the database user. */
import type { AwsCliCommand, AwsCliStepId, IamSetupPlan } from '../../../../shared/iam-setup';
import { CopyBlock } from './CopyBlock';

const COPY_NAMES: Record<AwsCliStepId, string> = {
  'find-cluster': 'find-cluster command',
  'enable-iam': 'enable IAM authentication command',
  'proxy-end-to-end': 'end-to-end IAM command',
  'find-resource-id': 'find resource ID command',
  'master-user': 'master user command',
  'create-policy': 'create policy command',
  'attach-policy': 'attach policy command',
};

function Commands({ commands, ids }: { commands: AwsCliCommand[] | undefined; ids: readonly AwsCliStepId[] }) {
  if (commands === undefined) {
    return <p className="muted">Finish or fix the fields above to see the AWS CLI commands.</p>;
  }
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

/** The three steps of the plan, each text with Copy. */
export function IamSetupSteps({ plan }: { plan: IamSetupPlan }) {
  const attachMissing = plan.commands !== undefined && !plan.commands.some((c) => c.id === 'attach-policy') && plan.errors.principalName === undefined && plan.errors.accountId === undefined;
  return (
    <ol className="iam-steps">
      <li className="iam-step">
        <h4>On AWS: IAM database authentication</h4>
        <Commands commands={plan.commands} ids={['find-cluster', 'enable-iam', 'proxy-end-to-end', 'find-resource-id']} />
      </li>
      <li className="iam-step">
        <h4>In IAM: allow a role or user to connect</h4>
        {plan.policy === undefined ? (
          <p className="muted">Finish or fix the fields above to see the policy.</p>
        ) : (
          <CopyBlock
            title="IAM policy (policy.json)"
            copyName="IAM policy"
            text={plan.policy.json}
            note={`Allows rds-db:connect on ${plan.policy.resourceArn}`}
            testId="iam-policy"
          />
        )}
        <Commands commands={plan.commands} ids={['create-policy', 'attach-policy']} />
        {attachMissing && <p className="muted">Enter an IAM role or user name above for the attach command.</p>}
      </li>
      <li className="iam-step">
        <h4>In the database: create the user</h4>
        {plan.sql === undefined ? (
          <p className="muted">Fix the DSN’s User name (or the schema) to see the SQL.</p>
        ) : (
          <CopyBlock title="SQL (run as the master user)" copyName="SQL" text={plan.sql} testId="iam-sql" />
        )}
        <Notes notes={plan.sqlNotes} label="About the SQL" />
        <Commands commands={plan.commands} ids={['master-user']} />
      </li>
    </ol>
  );
}
