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
} as const;

const CONFIG_CODES = new Set(['PTR_ERR_CONFIG_INVALID', 'PTR_ERR_CONFIG_FILE', 'PTR_ERR_ROLE_UNKNOWN', 'PTR_ERR_VALIDATION', 'PTR_ERR_BAD_REQUEST']);

export function exitCodeFor(code: string | undefined): number {
  if (!code) return EXIT.ERROR;
  if (CONFIG_CODES.has(code)) return EXIT.USAGE;
  if (code === 'PTR_ERR_CONNECTION') return EXIT.UNREACHABLE;
  if (code === 'PTR_ERR_SHUTDOWN_TIMEOUT') return EXIT.SHUTDOWN_TIMEOUT;
  return EXIT.ERROR;
}
