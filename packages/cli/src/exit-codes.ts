/**
 * The `pointer` CLI's exit codes (documented in docs/cli.md). Scripts may rely on them.
 */
export const EXIT = {
  OK: 0,
  /** An unexpected failure. */
  ERROR: 1,
  /** Bad usage or invalid configuration. */
  USAGE: 2,
  /** The server could not be reached. */
  UNREACHABLE: 3,
  /** The server answered but is not ready. */
  NOT_READY: 4,
  /** The server started but could not stop within its shutdown time. */
  SHUTDOWN_TIMEOUT: 5,
  /** No valid credential, or it lacks the permission (PTR_ERR_UNAUTHENTICATED, PTR_ERR_FORBIDDEN). */
  AUTH: 6,
  /** The object does not exist (PTR_ERR_NOT_FOUND). */
  NOT_FOUND: 7,
  /** Rate limited or overloaded: retry later (PTR_ERR_RATE_LIMITED, PTR_ERR_OVERLOADED, PTR_ERR_UNAVAILABLE). */
  RETRY_LATER: 8,
} as const;

const CONFIG_CODES = new Set(['PTR_ERR_CONFIG_INVALID', 'PTR_ERR_CONFIG_FILE', 'PTR_ERR_ROLE_UNKNOWN', 'PTR_ERR_VALIDATION', 'PTR_ERR_BAD_REQUEST', 'PTR_ERR_QUERY', 'PTR_ERR_USAGE']);

export function exitCodeFor(code: string | undefined): number {
  if (!code) return EXIT.ERROR;
  if (CONFIG_CODES.has(code)) return EXIT.USAGE;
  if (code === 'PTR_ERR_CONNECTION') return EXIT.UNREACHABLE;
  if (code === 'PTR_ERR_SHUTDOWN_TIMEOUT') return EXIT.SHUTDOWN_TIMEOUT;
  if (code === 'PTR_ERR_UNAUTHENTICATED' || code === 'PTR_ERR_FORBIDDEN' || code === 'PTR_ERR_NOT_LOGGED_IN') return EXIT.AUTH;
  if (code === 'PTR_ERR_NOT_FOUND') return EXIT.NOT_FOUND;
  if (code === 'PTR_ERR_RATE_LIMITED' || code === 'PTR_ERR_OVERLOADED' || code === 'PTR_ERR_UNAVAILABLE' || code === 'PTR_ERR_NOT_READY') return EXIT.RETRY_LATER;
  return EXIT.ERROR;
}
