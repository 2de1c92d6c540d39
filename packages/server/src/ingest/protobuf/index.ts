export { ProtoReader, ProtoWireError, WireType, decodeUtf8, internString } from './reader.js';
export { ProtoWriter } from './writer.js';
export { BytesInterner } from './bytes-interner.js';
