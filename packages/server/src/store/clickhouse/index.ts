export type { ClickHouseConnection, ClickHouseFormat, QueryOptions } from './connection.js';
export { CLICKHOUSE } from './keys.js';
export { clickhouseModule, openConfiguredConnection } from './module.js';
export { openChdbConnection } from './chdb-connection.js';
export { openHttpConnection, type HttpConnectionOptions } from './http-connection.js';
export { RowBinaryWriter } from './rowbinary.js';
export { NativeBlock, type NativeColumn } from './native/native-block.js';
export { toEngineError } from './engine-error.js';
