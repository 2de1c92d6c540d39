import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPtrError } from '../errors/index.js';
import { loadConfig, validateConfig } from './load.js';

function codeOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (isPtrError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected an error');
}

describe('config', () => {
  it('has the embedded defaults', () => {
    const c = validateConfig({});
    expect(c.dataDir).toBe('./data');
    expect(c.otlp.grpcAddr).toBe('127.0.0.1:4317');
    expect(c.otlp.httpAddr).toBe('127.0.0.1:4318');
    expect(c.gateway.addr).toBe('127.0.0.1:9080');
    expect(c.ai.addr).toBe('127.0.0.1:50051');
    expect(c.server.roles).toEqual(['all']);
    expect(c.auth.adminToken).toBeUndefined();
  });

  it('rejects unknown keys with their full path', () => {
    const e = codeOf(() => validateConfig({ storage: { traces: { backend: 'embedded', colour: 'red' } } }));
    expect(e.code).toBe('PTR_ERR_CONFIG_INVALID');
    expect(e.message).toContain('unknown key "storage.traces.colour"');
  });

  it('names the key with a wrong type', () => {
    const e = codeOf(() => validateConfig({ otlp: { maxRequestBytes: 'big' } }));
    expect(e.message).toMatch(/otlp\.maxRequestBytes: /);
  });

  it('validates listen addresses once, clearly', () => {
    const e = codeOf(() => validateConfig({ gateway: { addr: 'nowhere' } }));
    expect(e.message).toBe('invalid config: gateway.addr: expected host:port (e.g. 127.0.0.1:4317), got "nowhere"');
    expect(codeOf(() => validateConfig({ gateway: { addr: '127.0.0.1:70000' } })).message).toContain('port must be at most 65535');
    expect(validateConfig({ gateway: { addr: '[::1]:0' } }).gateway.addr).toBe('[::1]:0');
  });

  it('requires the URL of an external backend', () => {
    const e = codeOf(() => validateConfig({ bus: { backend: 'kafka' } }));
    expect(e.message).toContain('bus.kafkaBrokers is required when bus.backend is kafka');
  });

  it('merges file < env < flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptr-cfg-'));
    writeFileSync(join(dir, 'pointer.yaml'), 'dataDir: /from-file\ngateway:\n  addr: 127.0.0.1:1111\nlog:\n  level: warn\n');
    const { config, file } = loadConfig({
      cwd: dir,
      env: { POINTER_GATEWAY_ADDR: '127.0.0.1:2222', POINTER_LOG_LEVEL: 'debug' },
      overrides: { log: { level: 'error' } },
    });
    expect(file).toBe(join(dir, 'pointer.yaml'));
    expect(config.dataDir).toBe('/from-file');
    expect(config.gateway.addr).toBe('127.0.0.1:2222');
    expect(config.log.level).toBe('error');
  });

  it('reads POINTER_CONFIG and reports a missing or broken file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptr-cfg-'));
    expect(codeOf(() => loadConfig({ cwd: dir, env: { POINTER_CONFIG: 'nope.yaml' } })).code).toBe('PTR_ERR_CONFIG_FILE');
    writeFileSync(join(dir, 'bad.yaml'), 'a: [1,\n');
    const e = codeOf(() => loadConfig({ cwd: dir, env: { POINTER_CONFIG: 'bad.yaml' } }));
    expect(e.code).toBe('PTR_ERR_CONFIG_FILE');
    expect(e.message).toContain('not valid YAML');
  });

  it('splits list variables', () => {
    const { config } = loadConfig({ cwd: tmpdir(), env: { POINTER_ROLES: 'ingest, gateway' } });
    expect(config.server.roles).toEqual(['ingest', 'gateway']);
  });
});
