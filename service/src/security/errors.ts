/** Every client-facing refusal of the API layer: the status and stable code the error handler sends. */
export const API_ERRORS = {
  AUTH_REQUIRED: 401,
  AUTH_INVALID: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  ADDRESS_RATE_LIMITED: 429,
  AUTH_ATTEMPTS_EXCEEDED: 429,
  KEY_NOT_FOUND: 404,
  BATCH_NOT_FOUND: 404,
  INVALID_TIME_RANGE: 400,
  SANDBOX_REQUEST_REJECTED: 400,
  NUMBER_NOT_FINITE: 400,
  INPUT_TOO_DEEP: 400,
  INVALID_TEXT: 400,
  KEY_ID_INVALID: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
  AUTH_UNAVAILABLE: 503,
  BATCH_STORE_UNAVAILABLE: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

/**
 * Thrown by hooks and handlers; the skeleton's error handler sends `statusCode` with `code`
 * and the message (for 5xx it sends a generic message and logs this one).
 */
export class ApiError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
    this.statusCode = API_ERRORS[code];
  }
}

/** A refusal the client may retry after `retryAfterSeconds`; the gateway sends it as Retry-After. */
export class RetryLaterError extends ApiError {
  constructor(
    code: ApiErrorCode,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message);
  }
}
