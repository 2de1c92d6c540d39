export { ERROR_CODES, type ErrorCode, type ErrorDefinition } from './codes.js';
export { PtrError, ptrError, isPtrError, asPtrError, type PtrErrorOptions } from './ptr-error.js';
