/**
 * The DSN's tags as a form field: chips with a remove button, and a box that adds one on Enter or
 * comma (tags of other DSNs suggested). Saved with the rest of the form.
 */
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useController, useFormContext } from 'react-hook-form';
import { MAX_TAGS, tagKey, tagSchema } from '../../../../shared/dsn';
import { useKnownTags } from '../library/known-tags';
import { FieldMessages, useFieldA11y } from './Field';
import type { DsnFormValues } from './form-values';

export function TagsField() {
  const { control } = useFormContext<DsnFormValues>();
  const {
    field: { value: tags, onChange, onBlur, ref: inputRef },
  } = useController({ control, name: 'tags' });
  const id = useId();
  const known = useKnownTags();
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string>();
  const a11y = useFieldA11y('tags', true);
  const suggestions = useMemo(() => known.filter((t) => !tags.some((own) => tagKey(own) === tagKey(t))), [known, tags]);

  const add = () => {
    const parsed = tagSchema.safeParse(draft);
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message ?? 'Not a valid tag');
    if (tags.some((t) => tagKey(t) === tagKey(parsed.data))) return setProblem(`Already tagged “${parsed.data}”`);
    if (tags.length >= MAX_TAGS) return setProblem(`At most ${MAX_TAGS} tags`);
    onChange([...tags, parsed.data]);
    setDraft('');
    setProblem(undefined);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if ((event.key === 'Enter' || event.key === ',') && draft.trim() !== '') {
      event.preventDefault();
      add();
    } else if (event.key === 'Backspace' && draft === '' && tags.length > 0) {
      onChange(tags.slice(0, -1));
    }
  };

  return (
    <div className="field span-4 tags-field">
      <label htmlFor={a11y.id}>Tags</label>
      <div className="tags-box">
        {tags.length > 0 && (
          <ul className="tag-list" aria-label="Tags of this DSN">
            {tags.map((tag) => (
              <li key={tag} className="tag">
                {tag}
                <button type="button" className="tag-remove" aria-label={`Remove tag ${tag}`} onClick={() => onChange(tags.filter((t) => t !== tag))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          id={a11y.id}
          ref={inputRef}
          type="text"
          placeholder={tags.length === 0 ? 'Add a tag (Enter)…' : 'Add…'}
          list={`${id}-known`}
          value={draft}
          maxLength={80}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={problem !== undefined || a11y.error !== undefined}
          aria-describedby={[a11y.describedBy, problem !== undefined ? `${id}-problem` : ''].filter((s) => s !== undefined && s !== '').join(' ') || undefined}
          onChange={(event) => {
            setDraft(event.target.value);
            setProblem(undefined);
          }}
          onKeyDown={onKeyDown}
          onBlur={onBlur}
        />
        <datalist id={`${id}-known`}>
          {suggestions.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </div>
      {problem !== undefined && (
        <p id={`${id}-problem`} className="field-error" role="alert">
          {problem}
        </p>
      )}
      <FieldMessages a11y={a11y} hint="Group the library by tag. Enter or comma adds one." />
    </div>
  );
}
