/** A problem with one field of an input, as shown to the user: the field path and the reason. */
export interface FieldError {
  field: string;
  reason: string;
}

/** Thrown by services when input breaks a rule; the HTTP layer maps it to a 400/404/409 problem+json. */
export class RuleError extends Error {
  readonly status: number;
  readonly errors: FieldError[];
  readonly code: string;

  constructor(code: string, message: string, errors: FieldError[] = [], status = 400) {
    super(message);
    this.name = 'RuleError';
    this.code = code;
    this.errors = errors;
    this.status = status;
  }
}

export class NotFoundError extends RuleError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`, [], 404);
  }
}

export class ConflictError extends RuleError {
  constructor(message: string, errors: FieldError[] = []) {
    super('CONFLICT', message, errors, 409);
  }
}

/** Result of validating one identifier: the normalised value and what it means, or why it is invalid. */
export type Checked<T extends object = Record<string, never>> =
  ({ ok: true; value: string; display: string; meaning: string } & T) | { ok: false; reason: string };
