// Named errors of the agent functions. Caller mistakes carry a 4xx status; everything else is answered as a
// 500 InternalError whose message reveals nothing of our internals.

export interface ErrorBody {
  error: string;
  message: string;
  details?: Record<string, unknown>;
  timestamp: string;
}

export abstract class AgentError extends Error {
  abstract readonly status: number;
  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request does not match the contract (missing field, wrong type, unsupported schema, ...). */
export class RequestValidationError extends AgentError {
  readonly status = 400;
}
/** A location outside the stack's data bucket or prefix. */
export class ForbiddenLocationError extends AgentError {
  readonly status = 403;
}
/** No such generation, data set or route. */
export class NotFoundError extends AgentError {
  readonly status = 404;
}
/** The route exists but not with this HTTP method. */
export class MethodNotAllowedError extends AgentError {
  readonly status = 405;
}
/** The same idempotency key was used for a different request, or a job changed state under us. */
export class ConflictError extends AgentError {
  readonly status = 409;
}
/** The request (or a schema inside it) is larger than we accept. */
export class PayloadTooLargeError extends AgentError {
  readonly status = 413;
}
/** Required configuration is missing or wrong: raised at start-up. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

export function isClientError(err: unknown): err is AgentError {
  return err instanceof AgentError && err.status < 500;
}

/** The `{error, message, details, timestamp}` body and HTTP status for any thrown value. */
export function toErrorResponse(err: unknown, now: Date = new Date()): { status: number; body: ErrorBody } {
  if (err instanceof AgentError) {
    const body: ErrorBody = { error: err.name, message: err.message, timestamp: now.toISOString() };
    if (err.details) body.details = err.details;
    return { status: err.status, body };
  }
  return {
    status: 500,
    body: { error: "InternalError", message: "The request failed on our side; it can be retried.", timestamp: now.toISOString() },
  };
}
