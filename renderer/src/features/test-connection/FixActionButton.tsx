/** A fix a report offers, as a button: set a field, copy a command, open IAM setup, go to a field. A copy says "Copied". */
import type { FixAction } from '../../../../shared/result';
import { useCopy } from '../../components/use-copy';

interface FixActionButtonProps {
  action: FixAction;
  onAction: (action: FixAction) => void;
  /** The report's one primary action (filled button). */
  primary?: boolean;
}

export function FixActionButton({ action, onAction, primary = false }: FixActionButtonProps) {
  const { state, copy } = useCopy(action.kind === 'copy' ? action.text : '');
  return (
    <div className="fix-action">
      <button
        type="button"
        className={primary ? 'primary' : undefined}
        data-testid="fix-action"
        onClick={() => {
          if (action.kind === 'copy') void copy();
          onAction(action);
        }}
      >
        {action.label}
      </button>
      {action.kind === 'copy' && (
        <>
          <code className="fix-command">{action.text}</code>
          <span className="inline-status" role="status">
            {state === 'copied' && <span className="success">✓ Copied</span>}
            {state === 'failed' && <span className="error-text">Could not copy: select the text and copy it yourself.</span>}
          </span>
        </>
      )}
    </div>
  );
}
