import type { FormInstance, FormRule } from 'antd';
import { ApiError, fieldPath, type FieldError } from './api.ts';

/**
 * An antd rule that runs a pure domain validator on the whole form and reports the reasons it gives for
 * `field`, so the browser says exactly what the server would, as the user types.
 */
export function domainRule<V>(validate: (values: V) => readonly FieldError[], field: string): FormRule {
  return (form) => ({
    validator() {
      const values = form.getFieldsValue(true) as V;
      const mine = validate(values).filter((e) => e.field === field);
      return mine.length
        ? Promise.reject(new Error(mine.map((e) => e.reason).join('; ')))
        : Promise.resolve();
    },
  });
}

/** A rule from a checker of one value (empty values pass: "required" is a separate rule). */
export function checkerRule(check: (v: string) => { ok: true } | { ok: false; reason: string }): FormRule {
  return {
    validator(_rule, value: unknown) {
      if (value === undefined || value === null || String(value).trim() === '') return Promise.resolve();
      const r = check(String(value));
      return r.ok ? Promise.resolve() : Promise.reject(new Error(r.reason));
    },
  };
}

/**
 * Put each field error of a failed save under its field. Returns the errors that match no field of the
 * form (to show above it). `alias` maps server field names to form field names.
 */
export function applyServerErrors(
  form: FormInstance,
  err: unknown,
  alias: Record<string, string> = {},
): FieldError[] {
  if (!(err instanceof ApiError)) return [];
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const unplaced: FieldError[] = [];
  const registered = new Set(form.getFieldsError().map((f) => f.name.join('.')));
  const known = (name: (string | number)[]): boolean => registered.has(name.join('.'));
  for (const e of err.errors) {
    const name = fieldPath(alias[e.field] ?? e.field);
    if (name.length === 0 || !known(name)) {
      unplaced.push(e);
      continue;
    }
    const k = name.join('.');
    const cur = byField.get(k) ?? { name, errors: [] };
    cur.errors.push(e.reason);
    byField.set(k, cur);
  }
  form.setFields([...byField.values()]);
  const first = [...byField.values()][0];
  if (first) form.scrollToField(first.name);
  return unplaced;
}

/** The same as {@link domainRule} for a Form.List, whose rules cannot take the form as an argument. */
export function domainListRule<V>(
  form: FormInstance,
  validate: (values: V) => readonly FieldError[],
  field: string,
): { validator: () => Promise<void> } {
  return {
    validator() {
      const mine = validate(form.getFieldsValue(true) as V).filter((e) => e.field === field);
      return mine.length
        ? Promise.reject(new Error(mine.map((e) => e.reason).join('; ')))
        : Promise.resolve();
    },
  };
}
