/**
 * The table of every error code. `docs/errors.md` is generated from it
 * (`npm run docs:generate`), so the cause and fix written here is what users read.
 * Add new codes here; never throw a plain Error for a condition a user can cause.
 */
export interface ErrorDefinition {
  status: number;
  retryable: boolean;
  cause: string;
  fix: string;
}

function def(status: number, retryable: boolean, cause: string, fix: string): ErrorDefinition {
  return { status, retryable, cause, fix };
}

export const ERROR_CODES = {
  // configuration and start-up
  PTR_ERR_CONFIG_INVALID: def(400, false, 'The configuration has an unknown key, a value of the wrong type, or an invalid value.', 'Fix the key named in the message in pointer.yaml, the environment variable or the flag; run with --dry-run to check.'),
  PTR_ERR_CONFIG_FILE: def(400, false, 'The configuration file could not be read or is not valid YAML/JSON.', 'Check the path given by --config or POINTER_CONFIG and the file syntax.'),
  PTR_ERR_PORT_IN_USE: def(500, false, 'A listener could not bind its address because another process uses it.', 'Stop the other process or choose another address (see docs/configuration.md).'),
  PTR_ERR_DATA_DIR: def(500, false, 'The data directory cannot be created or written.', 'Choose a writable directory with --data-dir or POINTER_DATA_DIR.'),
  PTR_ERR_ROLE_UNKNOWN: def(400, false, 'An unknown role was requested.', 'Use one of the roles listed by `pointer server --help`.'),
  PTR_ERR_STARTUP: def(500, false, 'A role failed to start.', 'Read the message; it names the role and the cause.'),
  PTR_ERR_SHUTDOWN_TIMEOUT: def(500, false, 'Graceful shutdown did not finish within the configured time.', 'Raise server.shutdownTimeoutMs or investigate which role hangs.'),
  // requests
  PTR_ERR_BAD_REQUEST: def(400, false, 'The request is malformed.', 'Read the message: it says what is wrong and where.'),
  PTR_ERR_VALIDATION: def(400, false, 'The request body or parameters do not match the schema.', 'Read the message: it names the offending field.'),
  PTR_ERR_NOT_FOUND: def(404, false, 'The requested object or route does not exist.', 'Check the id or path.'),
  PTR_ERR_METHOD_NOT_ALLOWED: def(405, false, 'The HTTP method is not allowed on this route.', 'Use the method the API documents (usually POST for ingest).'),
  PTR_ERR_PAYLOAD_TOO_LARGE: def(413, false, 'The request body exceeds the configured size limit (after decompression).', 'Send smaller batches or raise the limit in config.'),
  PTR_ERR_UNSUPPORTED_MEDIA_TYPE: def(415, false, 'The Content-Type or Content-Encoding is not supported.', 'Use application/x-protobuf or application/json, optionally gzip-encoded.'),
  PTR_ERR_DECODE: def(400, false, 'The payload could not be decoded (protobuf, JSON or compression).', 'Check the client; the message names the field and offset.'),
  PTR_ERR_QUERY: def(400, false, 'The query is invalid.', 'Fix the query at the position named in the message.'),
  PTR_ERR_QUERY_TIMEOUT: def(503, true, 'The query ran past its time limit.', 'Narrow the time range or filters, or raise the query timeout.'),
  PTR_ERR_QUERY_LIMIT: def(422, false, 'The query would return or touch more than the configured limit.', 'Narrow the query or raise the limit.'),
  // auth
  PTR_ERR_UNAUTHENTICATED: def(401, false, 'No valid credential was presented.', 'Send Authorization: Bearer <token or API key>.'),
  PTR_ERR_FORBIDDEN: def(403, false, 'The credential is valid but lacks the permission for this action.', 'Use a credential whose role or scope allows it (docs/security.md).'),
  PTR_ERR_RATE_LIMITED: def(429, true, 'Too many requests for this key or address.', 'Wait for Retry-After seconds, then retry.'),
  PTR_ERR_CONFLICT: def(409, false, 'The object already exists (for example a user with that name).', 'Choose another name or update the existing object.'),
  PTR_ERR_QUERY_TOO_COMPLEX: def(400, false, 'The GraphQL query is deeper or costlier than the configured limits.', 'Ask for fewer nested fields or smaller pages (gateway.graphql.maxDepth, maxCost).'),
  // capacity
  PTR_ERR_OVERLOADED: def(503, true, 'Pointer is at capacity: a bounded queue is full.', 'Retry after Retry-After seconds with backoff; scale out ingest if it persists.'),
  PTR_ERR_UNAVAILABLE: def(503, true, 'A dependency (store, bus, service) is not available right now.', 'Retry; check `pointer status` and the logs for the dependency named.'),
  PTR_ERR_NOT_READY: def(503, true, 'Pointer is starting or stopping.', 'Retry in a few seconds.'),
  // storage
  PTR_ERR_STORAGE: def(500, true, 'The store failed to read or write.', 'Check the logs for the engine error; the operation can be retried.'),
  PTR_ERR_INTERNAL: def(500, false, 'An unexpected internal error.', 'Report it with the logs; this is a bug.'),
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERROR_CODES;
