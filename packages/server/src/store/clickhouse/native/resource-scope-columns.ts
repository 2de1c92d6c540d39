/**
 * The twelve resource and scope columns that otel_traces and otel_logs both start with (tenant,
 * service, resource attributes, scope name ... dropped counts). They repeat on every row of a
 * resource, so each resource and scope is encoded once per batch and its bytes copied per row.
 */
import type { AttributeColumns } from '../../../model/index.js';
import type { EncodedStrings } from '../encoded-strings.js';
import { writeAttrKeysValues, writeAttrTypes } from '../otel-attributes.js';
import { RowBinaryWriter } from '../rowbinary.js';
import type { NativeBlock, NativeColumn, OffsetStream } from './native-block.js';

export const RESOURCE_SCOPE_COLUMNS: readonly NativeColumn[] = [
  { name: 'TenantId', type: 'String' },
  { name: 'ServiceName', type: 'String' },
  { name: 'ResourceAttributes', type: 'Map(String, String)' },
  { name: 'ResourceAttributeTypes', type: 'String' },
  { name: 'ResourceSchemaUrl', type: 'String' },
  { name: 'ResourceDroppedAttributesCount', type: 'UInt32' },
  { name: 'ScopeName', type: 'String' },
  { name: 'ScopeVersion', type: 'String' },
  { name: 'ScopeAttributes', type: 'Map(String, String)' },
  { name: 'ScopeAttributeTypes', type: 'String' },
  { name: 'ScopeSchemaUrl', type: 'String' },
  { name: 'ScopeDroppedAttributesCount', type: 'UInt32' },
];

interface AttrOwner {
  attrStart: number;
  attrEnd: number;
  schemaUrl: number;
  droppedAttributesCount: number;
}

export interface ResourceScopeBatch {
  tenant: string;
  attrs: AttributeColumns;
  resources: readonly (AttrOwner & { serviceName: number })[];
  scopes: readonly (AttrOwner & { name: number; version: number })[];
}

/** One resource's or scope's encoded attribute map (keys, values, count) and type letters. */
interface EncodedAttrs {
  keys: Buffer;
  values: Buffer;
  count: number;
  types: Buffer;
}

function encodeAttrs(a: AttributeColumns, es: EncodedStrings, owner: AttrOwner, k: RowBinaryWriter, v: RowBinaryWriter, t: RowBinaryWriter): EncodedAttrs {
  k.reset();
  v.reset();
  t.reset();
  writeAttrKeysValues(k, v, a, es, owner.attrStart, owner.attrEnd);
  writeAttrTypes(t, a, owner.attrStart, owner.attrEnd);
  return { keys: Buffer.from(k.bytes()), values: Buffer.from(v.bytes()), count: owner.attrEnd - owner.attrStart, types: Buffer.from(t.bytes()) };
}

/** Writes columns 0..11 of a block for the rows of one batch. */
export class ResourceScopeWriter {
  private readonly tenant: Uint8Array;
  private readonly resources: { service: Uint8Array; attrs: EncodedAttrs; schema: Uint8Array; dropped: number }[];
  private readonly scopes: { name: Uint8Array; version: Uint8Array; attrs: EncodedAttrs; schema: Uint8Array; dropped: number }[];
  private readonly w: RowBinaryWriter[];
  private readonly rOff: OffsetStream;
  private readonly sOff: OffsetStream;

  constructor(b: ResourceScopeBatch, es: EncodedStrings, blk: NativeBlock) {
    const k = new RowBinaryWriter(1024);
    const v = new RowBinaryWriter(1024);
    const t = new RowBinaryWriter(64);
    const tw = new RowBinaryWriter(64);
    tw.string(b.tenant);
    this.tenant = Buffer.from(tw.bytes());
    this.resources = b.resources.map((r) => ({ service: es.get(r.serviceName), attrs: encodeAttrs(b.attrs, es, r, k, v, t), schema: es.get(r.schemaUrl), dropped: r.droppedAttributesCount }));
    this.scopes = b.scopes.map((s) => ({ name: es.get(s.name), version: es.get(s.version), attrs: encodeAttrs(b.attrs, es, s, k, v, t), schema: es.get(s.schemaUrl), dropped: s.droppedAttributesCount }));
    // stream 0 of every column; the maps (2 and 8) also use streams 1 and 2
    this.w = RESOURCE_SCOPE_COLUMNS.map((_, i) => blk.stream(i, 0));
    this.rOff = blk.offsetStream(2);
    this.sOff = blk.offsetStream(8);
    this.rKeys = blk.stream(2, 1);
    this.rValues = blk.stream(2, 2);
    this.sKeys = blk.stream(8, 1);
    this.sValues = blk.stream(8, 2);
  }

  private readonly rKeys: RowBinaryWriter;
  private readonly rValues: RowBinaryWriter;
  private readonly sKeys: RowBinaryWriter;
  private readonly sValues: RowBinaryWriter;

  row(resource: number, scope: number): void {
    const r = this.resources[resource]!;
    const s = this.scopes[scope]!;
    const w = this.w;
    w[0]!.raw(this.tenant);
    w[1]!.raw(r.service);
    this.rOff.add(r.attrs.count);
    this.rKeys.raw(r.attrs.keys);
    this.rValues.raw(r.attrs.values);
    w[3]!.raw(r.attrs.types);
    w[4]!.raw(r.schema);
    w[5]!.u32(r.dropped);
    w[6]!.raw(s.name);
    w[7]!.raw(s.version);
    this.sOff.add(s.attrs.count);
    this.sKeys.raw(s.attrs.keys);
    this.sValues.raw(s.attrs.values);
    w[9]!.raw(s.attrs.types);
    w[10]!.raw(s.schema);
    w[11]!.u32(s.dropped);
  }
}
