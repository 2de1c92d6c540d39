export { decodeTracesProtobuf } from './traces-protobuf.js';
export { decodeLogsProtobuf } from './logs-protobuf.js';
export { decodeTracesJson, SPAN_KIND_NAMES, STATUS_CODE_NAMES } from './traces-json.js';
export { decodeLogsJson, SEVERITY_NAMES } from './logs-json.js';
export { DecodeState, toHex } from './decode-state.js';
export { spanBatchToJson } from './traces-to-json.js';
export { logBatchToJson } from './logs-to-json.js';
export { encodeTracesProtobuf } from './traces-encode.js';
export { encodeLogsProtobuf } from './logs-encode.js';
