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

/**
 * What one resource (or scope) adds to its six columns on every row: one chunk of bytes per
 * target stream (the map's keys and values are two of them) and its attribute count, which the
 * map's offsets stream adds.
 */
interface OwnerRow {
  chunks: Uint8Array[];
  attrCount: number;
}

/** Chunks in the order of RESOURCE_TARGETS / SCOPE_TARGETS: first, second, map keys, map values, types, schema URL, dropped count. */
function ownerRow(a: AttributeColumns, es: EncodedStrings, owner: AttrOwner, first: Uint8Array, second: Uint8Array): OwnerRow {
  const k = new RowBinaryWriter(1024);
  const v = new RowBinaryWriter(1024);
  const t = new RowBinaryWriter(64);
  writeAttrKeysValues(k, v, a, es, owner.attrStart, owner.attrEnd);
  writeAttrTypes(t, a, owner.attrStart, owner.attrEnd);
  const dropped = Buffer.alloc(4);
  dropped.writeUInt32LE(owner.droppedAttributesCount);
  return { chunks: [first, second, k.bytes(), v.bytes(), t.bytes(), es.get(owner.schemaUrl), dropped], attrCount: owner.attrEnd - owner.attrStart };
}

/** [column, stream] of each chunk: resource columns 0-5 (the map is column 2), scope columns 6-11 (the map is 8). */
const RESOURCE_TARGETS = [[0, 0], [1, 0], [2, 1], [2, 2], [3, 0], [4, 0], [5, 0]] as const;
const SCOPE_TARGETS = [[6, 0], [7, 0], [8, 1], [8, 2], [9, 0], [10, 0], [11, 0]] as const;

/** Writes columns 0..11 of a block for the rows of one batch. */
export class ResourceScopeWriter {
  private readonly resources: OwnerRow[];
  private readonly scopes: OwnerRow[];
  private readonly resourceTargets: RowBinaryWriter[];
  private readonly scopeTargets: RowBinaryWriter[];
  private readonly resourceOffsets: OffsetStream;
  private readonly scopeOffsets: OffsetStream;

  constructor(b: ResourceScopeBatch, es: EncodedStrings, blk: NativeBlock) {
    const tw = new RowBinaryWriter(64);
    tw.string(b.tenant);
    const tenant = tw.bytes();
    this.resources = b.resources.map((r) => ownerRow(b.attrs, es, r, tenant, es.get(r.serviceName)));
    this.scopes = b.scopes.map((s) => ownerRow(b.attrs, es, s, es.get(s.name), es.get(s.version)));
    this.resourceTargets = RESOURCE_TARGETS.map(([c, k]) => blk.stream(c, k));
    this.scopeTargets = SCOPE_TARGETS.map(([c, k]) => blk.stream(c, k));
    this.resourceOffsets = blk.offsetStream(2);
    this.scopeOffsets = blk.offsetStream(8);
  }

  row(resource: number, scope: number): void {
    write(this.resources[resource]!, this.resourceTargets, this.resourceOffsets);
    write(this.scopes[scope]!, this.scopeTargets, this.scopeOffsets);
  }
}

function write(o: OwnerRow, targets: readonly RowBinaryWriter[], offsets: OffsetStream): void {
  for (let i = 0; i < targets.length; i++) targets[i]!.raw(o.chunks[i]!);
  offsets.add(o.attrCount);
}
