import { describe, expect, it } from 'vitest';
import { DefaultIngestAuthenticator, isLoopback } from './auth.js';
import { Admission } from './admission.js';
import { exportResponseJson, exportResponseProtobuf, statusProtobuf } from './responses.js';
import { ProtoReader } from './protobuf/index.js';

const admin = { verify: (t: string) => t === 'right-token-0123456789', generatedToken: undefined, source: 'config' as const };
const auth = new DefaultIngestAuthenticator(admin);

describe('DefaultIngestAuthenticator', () => {
  it('lets loopback in as default, requires a credential elsewhere, takes the tenant header with the admin token', () => {
    expect(auth.authenticate({ credential: undefined, tenantHeader: 'x', remoteAddress: '127.0.0.1' })).toEqual({ ok: true, tenant: 'default' });
    expect(auth.authenticate({ credential: undefined, tenantHeader: undefined, remoteAddress: '::ffff:127.0.0.1' })).toEqual({ ok: true, tenant: 'default' });
    const off = auth.authenticate({ credential: undefined, tenantHeader: undefined, remoteAddress: '10.1.2.3' });
    expect(off.ok === false && off.error.code).toBe('PTR_ERR_UNAUTHENTICATED');
    const wrong = auth.authenticate({ credential: 'nope', tenantHeader: undefined, remoteAddress: '127.0.0.1' });
    expect(wrong.ok === false && wrong.error.code).toBe('PTR_ERR_UNAUTHENTICATED');
    expect(auth.authenticate({ credential: 'right-token-0123456789', tenantHeader: 'team-a', remoteAddress: '10.1.2.3' })).toEqual({ ok: true, tenant: 'team-a' });
    const badTenant = auth.authenticate({ credential: 'right-token-0123456789', tenantHeader: '../etc', remoteAddress: '10.1.2.3' });
    expect(badTenant.ok === false && badTenant.error.code).toBe('PTR_ERR_VALIDATION');
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('128.0.0.1')).toBe(false);
  });
});

describe('Admission', () => {
  it('bounds requests and bytes, admits one oversized request when idle, and releases', () => {
    const a = new Admission(2, 100, 3);
    expect(a.tryAcquire(500)).toBeUndefined();
    const full = a.tryAcquire(1);
    expect(full?.code).toBe('PTR_ERR_OVERLOADED');
    expect(full?.retryAfterSeconds).toBe(3);
    a.release(500);
    expect(a.tryAcquire(60)).toBeUndefined();
    expect(a.tryAcquire(30)).toBeUndefined();
    expect(a.tryAcquire(1)?.code).toBe('PTR_ERR_OVERLOADED');
    a.release(60);
    a.release(30);
    expect(a.inFlightRequests).toBe(0);
    expect(a.inFlightBytes).toBe(0);
  });
});

describe('OTLP responses', () => {
  it('leaves partial_success unset on full success and fills it otherwise', () => {
    expect(exportResponseProtobuf(0, '').length).toBe(0);
    expect(exportResponseJson('logs', 0, '')).toEqual({});
    expect(exportResponseJson('metrics', 2, 'bad')).toEqual({ partialSuccess: { rejectedDataPoints: '2', errorMessage: 'bad' } });
    const r = new ProtoReader(exportResponseProtobuf(3, 'why'));
    expect(r.tag()).toBe((1 << 3) | 2);
    const end = r.lenEnd();
    r.tag();
    expect(r.int64()).toBe(3n);
    r.tag();
    expect(r.string()).toBe('why');
    expect(r.pos).toBe(end);
  });

  it('encodes google.rpc.Status with RetryInfo', () => {
    const r = new ProtoReader(statusProtobuf(14, 'full', 5));
    r.tag();
    expect(r.int32()).toBe(14);
    r.tag();
    expect(r.string()).toBe('full');
    r.tag();
    const anyEnd = r.lenEnd();
    r.tag();
    expect(r.string()).toBe('type.googleapis.com/google.rpc.RetryInfo');
    r.tag();
    r.lenEnd();
    r.tag();
    r.lenEnd();
    r.tag();
    expect(r.int64()).toBe(5n);
    expect(r.pos).toBe(anyEnd);
  });
});
