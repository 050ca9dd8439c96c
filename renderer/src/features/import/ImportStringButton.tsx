/** "Import connection string…": opens the paste box; "Create DSN" there hands the draft on and closes it. */
import { useState } from 'react';
import type { DsnDraft } from './draft';
import { ImportStringDialog } from './ImportStringDialog';

export function ImportStringButton({ onImport }: { onImport: (draft: DsnDraft) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Import connection string…
      </button>
      {open && (
        <ImportStringDialog
          onClose={() => setOpen(false)}
          onCreate={(draft) => {
            setOpen(false);
            onImport(draft);
          }}
        />
      )}
    </>
  );
}
