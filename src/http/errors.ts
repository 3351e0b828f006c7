import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { RuleError, type FieldError } from '../domain/errors.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
};

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** ajv's errors → [{field, reason}], field as a dotted path ('applicants.0.name'), prefixed by where it was (body/query/params). */
export function ajvToFields(errors: AjvError[], context: string | undefined): FieldError[] {
  return errors.map((e) => {
    let path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    if (e.keyword === 'required' && typeof e.params.missingProperty === 'string')
      path = path ? `${path}.${e.params.missingProperty}` : e.params.missingProperty;
    if (e.keyword === 'additionalProperties' && typeof e.params.additionalProperty === 'string')
      path = path ? `${path}.${e.params.additionalProperty}` : e.params.additionalProperty;
    const field = path || context || 'body';
    let reason = e.message ?? e.keyword;
    if (e.keyword === 'required') reason = 'is required';
    if (e.keyword === 'additionalProperties') reason = 'is not a known field';
    if (e.keyword === 'enum' && Array.isArray(e.params.allowedValues))
      reason = `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`;
    return { field: context && context !== 'body' && path ? `${context}.${path}` : field, reason };
  });
}

/** Foreign-key and unique violations of either dialect: the request conflicts with stored data. */
function isConstraintError(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  return (
    code === '23503' ||
    code === '23505' ||
    (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT_'))
  );
}

function constraintMessage(err: Error): string {
  const code = String((err as { code?: unknown }).code);
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY')
    return 'other records still refer to this one (for example user accounts of an entity); remove those first';
  return 'a record with the same unique key already exists';
}

/** Every error leaves as RFC 9457 problem+json; 5xx details stay in the log. */
export function errorHandler(
  err: FastifyError | RuleError | Error,
  req: FastifyRequest,
  reply: FastifyReply,
): void {
  let status = 500;
  let detail = 'An internal error occurred; it has been logged.';
  let code = 'INTERNAL';
  let errors: FieldError[] = [];
  if (err instanceof RuleError) {
    status = err.status;
    detail = err.message;
    code = err.code;
    errors = err.errors;
  } else if ('validation' in err && Array.isArray(err.validation)) {
    status = 400;
    code = 'VALIDATION';
    errors = ajvToFields(err.validation as unknown as AjvError[], (err as FastifyError).validationContext);
    detail = `The request is not valid: ${errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`;
  } else if (isConstraintError(err)) {
    status = 409;
    code = 'CONFLICT';
    detail = constraintMessage(err);
  } else if ('statusCode' in err && typeof err.statusCode === 'number' && err.statusCode < 500) {
    status = err.statusCode;
    detail = err.message;
    code = (err as FastifyError).code ?? 'BAD_REQUEST';
  }
  if (status >= 500) req.log.error({ err, url: req.url, method: req.method }, 'request failed');
  void reply
    .status(status)
    .type('application/problem+json')
    .send({
      type: `urn:zhihui:problem:${code.toLowerCase()}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      code,
      instance: req.url,
      errors,
    });
}
