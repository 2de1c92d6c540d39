export { prometheusApi, type PrometheusApiOptions } from './api.js';
export { prometheusApiModule } from './module.js';
export { formatPromFloat } from './format.js';
export { encodeWriteRequest } from './remote-write/encode.js';
export { encodeWriteRequestV2 } from './remote-write/encode-v2.js';
export { decodeWriteRequest } from './remote-write/decode.js';
export { snappyEncode, snappyDecode } from './remote-write/snappy.js';
