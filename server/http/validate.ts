import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { ApiError } from './errors.ts';

export interface FieldError {
  field: string;
  message: string;
}

/** Turns zod issues into a list naming each field at fault, `contact.email` style. */
export function fieldErrors(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

export function invalidRequest(fields: FieldError[]): ApiError {
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new ApiError(400, 'invalid_request', `Invalid request: ${summary}`, { fields });
}

/**
 * zValidator answering in the project's error shape, naming the fields at fault. Unknown fields are
 * ignored (clients may be newer than the server); wrong ones are refused before anything is written.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
) {
  const middleware = zValidator(target, schema, (result) => {
    if (!result.success) throw invalidRequest(fieldErrors(result.error));
  });
  validationMeta.set(middleware, { target, schema });
  return middleware;
}

/** What a `validate()` middleware checks: the generated API description reads it (server/http/openapi.ts). */
export interface ValidationMeta {
  target: keyof ValidationTargets;
  schema: z.ZodType;
}

/**
 * The target and schema of each middleware `validate()` made, so that the OpenAPI document
 * (GET /api/openapi.json) describes requests from the very schemas the server checks them with.
 */
export const validationMeta = new WeakMap<object, ValidationMeta>();
