import { Alert, type FormInstance } from 'antd';
import { useState } from 'react';
import { ApiError, type FieldError } from './api.ts';
import { applyServerErrors } from './form-errors.ts';
import { useI18n } from './i18n.ts';

export interface SubmitProblem {
  detail: string;
  /** field errors that match no field of the form */
  unplaced: FieldError[];
}

/**
 * Saving a form to the server: a reason the server gives for a field is shown under that field, anything
 * else (a refusal without field errors, or errors for fields the form does not have) as a problem above it.
 */
export function useServerSubmit<V>(form: FormInstance<V>) {
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<SubmitProblem | null>(null);
  const submit = async (action: () => Promise<void>): Promise<void> => {
    setSaving(true);
    setProblem(null);
    try {
      await action();
    } catch (e) {
      const unplaced = applyServerErrors(form, e);
      const placed = e instanceof ApiError && e.errors.length > unplaced.length;
      if (!placed || unplaced.length)
        setProblem({ detail: e instanceof Error ? e.message : String(e), unplaced });
    } finally {
      setSaving(false);
    }
  };
  return { saving, problem, clearProblem: () => setProblem(null), submit };
}

/** The problem of a refused save, above the form. */
export function ProblemAlert({ problem, testId }: { problem: SubmitProblem | null; testId?: string }) {
  const { t } = useI18n();
  if (!problem) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid={testId}
      message={t('common.serverRefused', { detail: problem.detail })}
      description={
        problem.unplaced.length
          ? problem.unplaced.map((u) => `${u.field}: ${u.reason}`).join('; ')
          : undefined
      }
    />
  );
}
