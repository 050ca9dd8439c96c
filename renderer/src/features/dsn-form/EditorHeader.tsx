/**
 * The editor's header: the DSN's name with the unsaved-changes marker, its environment (a red
 * stripe and badge for production), the favourite star and when it was saved.
 */
import { useController, useFormContext, useWatch } from 'react-hook-form';
import { ENVIRONMENT_LABELS, type SavedDsn } from '../../../../shared/dsn';
import { Time } from '../../components/Time';
import type { DsnFormValues } from './form-values';

interface EditorHeaderProps {
  saved: SavedDsn | undefined;
  isDraft: boolean;
  dirty: boolean;
}

export function EditorHeader({ saved, isDraft, dirty }: EditorHeaderProps) {
  const { control } = useFormContext<DsnFormValues>();
  const environment = useWatch({ control, name: 'environment' });
  const { field: favorite } = useController({ control, name: 'favorite' });
  const title = saved?.name ?? (isDraft ? 'New DSN (imported)' : 'New DSN');
  return (
    <header className="editor-header">
      <h1 className="editor-title">
        {dirty && (
          <span className="dirty-marker" aria-hidden="true" title="Unsaved changes">
            ●{' '}
          </span>
        )}
        {title}
        {dirty && <span className="visually-hidden"> (unsaved changes)</span>}
      </h1>
      {environment !== '' && (
        <span className={`env-badge env-badge-${environment}`} data-testid="editor-environment">
          {ENVIRONMENT_LABELS[environment]}
        </span>
      )}
      <button
        type="button"
        className="icon-button favorite-toggle"
        aria-pressed={favorite.value}
        aria-label="Favorite"
        title={favorite.value ? 'Favorite: shown at the top of the list' : 'Mark as favorite'}
        onClick={() => favorite.onChange(!favorite.value)}
      >
        {favorite.value ? '★' : '☆'}
      </button>
      {saved !== undefined && (
        <span className="muted editor-saved">
          Saved <Time iso={saved.updatedAt} />
        </span>
      )}
    </header>
  );
}
