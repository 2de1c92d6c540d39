/** @pointer/cli: the `pointer` command. Commands live in src/commands (folder path = command id). */
export { EXIT, exitCodeFor } from './exit-codes.js';
