/**
 * The open DSN's tags, above its form: each with a remove button, and a field to add one (Enter
 * or comma adds; tags in use elsewhere are suggested). Saved at once with setDsnTags, so editing
 * tags never touches the form's unsaved values or the stored secrets.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { MAX_TAGS, tagKey, tagSchema, type SavedDsn } from '../../../../shared/dsn';
import { useApi } from '../../api';
import { tagCounts } from './filter';

interface TagsEditorProps {
  dsn: SavedDsn;
  /** Every saved DSN, for suggestions. */
  known: readonly SavedDsn[];
  onSaved: (dsn: SavedDsn) => void;
}

export function TagsEditor({ dsn, known, onSaved }: TagsEditorProps) {
  const api = useApi();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const suggestions = useMemo(() => tagCounts(known).filter((t) => !dsn.tags.some((own) => tagKey(own) === t.key)), [known, dsn.tags]);

  const save = async (tags: string[]): Promise<boolean> => {
    setBusy(true);
    const result = await api.setDsnTags(dsn.id, tags);
    setBusy(false);
    if (!result.ok) {
      setError(result.error.fieldErrors?.tags?.[0] ?? result.error.message);
      return false;
    }
    setError(undefined);
    onSaved(result.value);
    return true;
  };

  const add = async () => {
    const parsed = tagSchema.safeParse(draft);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Not a valid tag');
      return;
    }
    const tag = parsed.data;
    if (dsn.tags.some((t) => tagKey(t) === tagKey(tag))) {
      setError(`Already tagged “${tag}”`);
      return;
    }
    if (dsn.tags.length >= MAX_TAGS) {
      setError(`At most ${MAX_TAGS} tags`);
      return;
    }
    if (await save([...dsn.tags, tag])) setDraft('');
  };

  const remove = async (tag: string) => {
    await save(dsn.tags.filter((t) => t !== tag));
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      if (draft.trim() !== '') void add();
    }
  };

  return (
    <section className="tags-editor" aria-labelledby={`${id}-title`} data-testid="tags-editor">
      <h3 id={`${id}-title`}>Tags</h3>
      {dsn.tags.length > 0 ? (
        <ul className="tag-list" aria-labelledby={`${id}-title`}>
          {dsn.tags.map((tag) => (
            <li key={tag} className="tag">
              {tag}
              <button type="button" className="tag-remove" aria-label={`Remove tag ${tag}`} onClick={() => void remove(tag)} disabled={busy}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <span className="muted">None yet.</span>
      )}
      <span className="tag-add">
        <input
          ref={input}
          type="text"
          aria-label="Add a tag"
          placeholder="Add a tag…"
          list={`${id}-known`}
          value={draft}
          maxLength={80}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error !== undefined}
          aria-describedby={error !== undefined ? `${id}-error` : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
            setError(undefined);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="button" onClick={() => void add()} disabled={busy || draft.trim() === ''}>
          Add tag
        </button>
        <datalist id={`${id}-known`}>
          {suggestions.map((t) => (
            <option key={t.key} value={t.tag} />
          ))}
        </datalist>
      </span>
      {error !== undefined && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
