/**
 * Labelled form controls bound to the DSN form. Each ties its hint and error to the control
 * (aria-describedby) and marks it aria-invalid; the error text is a role=alert live region.
 */
import { useId, type ChangeEvent, type InputHTMLAttributes, type ReactNode } from 'react';
import { get, useFormContext, type FieldError } from 'react-hook-form';
import { parseNumberInput, type DsnFormValues, type FormFieldPath } from './form-values';

export interface FieldA11y {
  id: string;
  hintId: string;
  errorId: string;
  error: string | undefined;
  describedBy: string | undefined;
}

export function useFieldA11y(name: FormFieldPath, hasHint: boolean): FieldA11y {
  const id = useId();
  const {
    formState: { errors },
  } = useFormContext<DsnFormValues>();
  const fieldError = get(errors, name) as FieldError | undefined;
  const error = typeof fieldError?.message === 'string' && fieldError.message !== '' ? fieldError.message : undefined;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hasHint ? hintId : '', error !== undefined ? errorId : ''].filter((s) => s !== '').join(' ');
  return { id, hintId, errorId, error, describedBy: describedBy === '' ? undefined : describedBy };
}

export function FieldMessages({ a11y, hint }: { a11y: FieldA11y; hint: ReactNode }) {
  return (
    <>
      {hint !== undefined && (
        <div id={a11y.hintId} className="field-hint">
          {hint}
        </div>
      )}
      {a11y.error !== undefined && (
        <p id={a11y.errorId} className="field-error" role="alert">
          {a11y.error}
        </p>
      )}
    </>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id' | 'type' | 'inputMode'>;

interface TextFieldProps extends InputProps {
  name: FormFieldPath;
  label: string;
  hint?: ReactNode;
  /** A whole-number field: text input with a numeric keyboard, value parsed to a number. */
  numeric?: boolean;
  type?: 'text' | 'password';
  className?: string;
  /** Runs after the form has taken the new value. */
  onValueChange?: (event: ChangeEvent<HTMLInputElement>) => void;
}

export function TextField({ name, label, hint, numeric = false, type = 'text', className, onValueChange, ...rest }: TextFieldProps) {
  const { register } = useFormContext<DsnFormValues>();
  const a11y = useFieldA11y(name, hint !== undefined);
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={a11y.id}>{label}</label>
      <input
        id={a11y.id}
        type={type}
        inputMode={numeric ? 'numeric' : undefined}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={a11y.error !== undefined}
        aria-describedby={a11y.describedBy}
        {...rest}
        {...register(name, { onChange: onValueChange, ...(numeric ? { setValueAs: parseNumberInput } : {}) })}
      />
      <FieldMessages a11y={a11y} hint={hint} />
    </div>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

interface SelectFieldProps {
  name: FormFieldPath;
  label: string;
  hint?: ReactNode;
  choices: readonly SelectOption[];
  className?: string;
  /** Runs after the form has taken the new value. */
  onValueChange?: (event: ChangeEvent<HTMLSelectElement>) => void;
}

export function SelectField({ name, label, hint, choices, className, onValueChange }: SelectFieldProps) {
  const { register } = useFormContext<DsnFormValues>();
  const a11y = useFieldA11y(name, hint !== undefined);
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={a11y.id}>{label}</label>
      <select id={a11y.id} aria-invalid={a11y.error !== undefined} aria-describedby={a11y.describedBy} {...register(name, { onChange: onValueChange })}>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <FieldMessages a11y={a11y} hint={hint} />
    </div>
  );
}

interface CheckboxFieldProps {
  name: FormFieldPath;
  label: string;
  hint?: ReactNode;
  className?: string;
  /** Runs after the form has taken the new value. */
  onValueChange?: (event: ChangeEvent<HTMLInputElement>) => void;
}

export function CheckboxField({ name, label, hint, className, onValueChange }: CheckboxFieldProps) {
  const { register } = useFormContext<DsnFormValues>();
  const a11y = useFieldA11y(name, hint !== undefined);
  return (
    <div className={`field field-checkbox ${className ?? ''}`}>
      <input
        id={a11y.id}
        type="checkbox"
        aria-invalid={a11y.error !== undefined}
        aria-describedby={a11y.describedBy}
        {...register(name, { onChange: onValueChange })}
      />
      <label htmlFor={a11y.id}>{label}</label>
      <FieldMessages a11y={a11y} hint={hint} />
    </div>
  );
}
