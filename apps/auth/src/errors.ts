import { AuthError } from '@mailstore/auth';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** The body of every error answer: a stable code from the catalog and a short message. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * The one place that turns errors into answers: catalog errors keep their code and status,
 * validation and other client errors become AUTH_BAD_REQUEST, anything else is logged and
 * answered as AUTH_INTERNAL without detail.
 */
export function handleError(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof AuthError) {
    if (error.retryAfterMs) reply.header('retry-after', Math.ceil(error.retryAfterMs / 1000));
    return reply.code(error.status).send(body(error.code, error.message));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const first = error.validation[0];
    const where = first?.instancePath ? `${first.instancePath}: ` : '';
    return reply.code(400).send(body('AUTH_BAD_REQUEST', `${where}${first?.message ?? 'invalid'}`));
  }
  const status = (error as FastifyError).statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return reply.code(status).send(body('AUTH_BAD_REQUEST', error.message));
  }
  request.log.error({ err: error }, 'request failed');
  return reply.code(500).send(body('AUTH_INTERNAL', 'internal error'));
}

function body(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}
