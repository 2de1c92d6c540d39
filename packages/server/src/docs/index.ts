export { renderConfigReference } from './config-reference.js';
export { renderErrorTable } from './error-table.js';
