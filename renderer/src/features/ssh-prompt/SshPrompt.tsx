/**
 * App-level: listens for main's SSH questions (`api.on('sshPrompt')`) — an unknown host key to
 * accept or refuse, a key file's passphrase — shows one dialog at a time and answers with
 * {@link IamDsnApi.answerSshPrompt}. A request that expires unanswered is said so.
 */
import type { SshPromptAnswer, SshPromptRequest } from '../../../../shared/ipc-contract';
import { useApi } from '../../api';
import { PromptNotice, usePromptQueue } from '../../components/prompt-queue';
import { SshPromptDialog } from './SshPromptDialog';

export function SshPrompt() {
  const api = useApi();
  const { current, done, notice, setNotice } = usePromptQueue('sshPrompt');
  const answer = (request: SshPromptRequest, reply: SshPromptAnswer) => {
    done(request.requestId);
    void api.answerSshPrompt(request.requestId, reply).then((result) => {
      if (!result.ok) setNotice(`The answer did not reach the app: ${result.error.message}`);
      else if (!result.value.accepted) setNotice('The SSH question had already ended. Test again to be asked again.');
    });
  };

  return (
    <>
      {current !== undefined && (
        <SshPromptDialog
          key={current.requestId}
          request={current}
          onAnswer={(reply) => answer(current, reply)}
          onExpire={() => {
            done(current.requestId);
            setNotice(`The SSH question for ${current.purpose} expired without an answer: nothing was accepted. Test again.`);
          }}
        />
      )}
      <PromptNotice notice={notice} onDismiss={() => setNotice(undefined)} />
    </>
  );
}
