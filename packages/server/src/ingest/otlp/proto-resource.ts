/**
 * Resource and InstrumentationScope from protobuf, shared by the trace and log decoders.
 * Resource: 1 attributes, 2 dropped_attributes_count. Scope: 1 name, 2 version, 3 attributes,
 * 4 dropped_attributes_count.
 */
import { AttrType, type ResourceEntry, type ScopeEntry } from '../../model/index.js';
import { type ProtoReader, WireType, internString } from '../protobuf/index.js';
import type { DecodeState } from './decode-state.js';
import { readKeyValue, type AttrSink } from './proto-any-value.js';

const T_F1_LEN = (1 << 3) | WireType.Len;
const T_F2_LEN = (2 << 3) | WireType.Len;
const T_F2_VARINT = (2 << 3) | WireType.Varint;
const T_F3_LEN = (3 << 3) | WireType.Len;
const T_F4_VARINT = (4 << 3) | WireType.Varint;

export function newResource(sink: AttrSink): ResourceEntry {
  const at = sink.attrs.count;
  return { attrStart: at, attrEnd: at, droppedAttributesCount: 0, serviceName: 0, schemaUrl: 0 };
}

export function newScope(sink: AttrSink): ScopeEntry {
  const at = sink.attrs.count;
  return { name: 0, version: 0, attrStart: at, attrEnd: at, droppedAttributesCount: 0, schemaUrl: 0 };
}

export function readResource(r: ProtoReader, end: number, sink: AttrSink, st: DecodeState, res: ResourceEntry): void {
  const attrs = sink.attrs;
  res.attrStart = attrs.count;
  let n = 0;
  st.enter1('resource');
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === T_F1_LEN) {
      const e = r.lenEnd();
      st.enter('attributes', n);
      if (readKeyValue(r, e, sink, st, attrs.count - res.attrStart)) {
        const i = attrs.count - 1;
        if (attrs.type[i] === AttrType.String && sink.strings.strings[attrs.key[i]!] === 'service.name') res.serviceName = attrs.str[i]!;
      } else res.droppedAttributesCount++;
      st.leave(2);
      n++;
      r.pos = e;
    } else if (tag === T_F2_VARINT) res.droppedAttributesCount += r.uint32();
    else r.skip(tag & 7);
  }
  st.leave(1);
  res.attrEnd = attrs.count;
}

export function readScope(r: ProtoReader, end: number, sink: AttrSink, st: DecodeState, scope: ScopeEntry): void {
  const attrs = sink.attrs;
  scope.attrStart = attrs.count;
  let n = 0;
  st.enter1('scope');
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case T_F1_LEN:
        scope.name = internString(r, st.interner);
        break;
      case T_F2_LEN:
        scope.version = internString(r, st.interner);
        break;
      case T_F3_LEN: {
        const e = r.lenEnd();
        st.enter('attributes', n);
        if (!readKeyValue(r, e, sink, st, attrs.count - scope.attrStart)) scope.droppedAttributesCount++;
        st.leave(2);
        n++;
        r.pos = e;
        break;
      }
      case T_F4_VARINT:
        scope.droppedAttributesCount += r.uint32();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  st.leave(1);
  scope.attrEnd = attrs.count;
}
