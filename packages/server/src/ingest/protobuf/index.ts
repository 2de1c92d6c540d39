export { ProtoReader, ProtoWireError, WireType, decodeUtf8 } from './reader.js';
export { ProtoWriter } from './writer.js';
