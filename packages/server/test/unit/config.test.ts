import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('has working defaults: embedded store under ./data on port 3000', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.mongodbUri).toBeUndefined();
    expect(c.cookieSecure).toBe(false);
    expect(c.allowedOrigins).toEqual([]);
  });

  it('lists every wrong variable with what was given', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', MONGODB_URI: 'postgres://x', ADMIN_PASSWORD: 'short', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'MONGODB_URI', 'ADMIN_PASSWORD', 'LOG_LEVEL']) expect(message).toContain(name);
    expect(message).toContain('"eighty"');
  });

  it('parses allowed origins and refuses ones that are not origins', () => {
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://a.example, http://localhost:8080' }).allowedOrigins).toEqual(['https://a.example', 'http://localhost:8080']);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://a.example/path' })).toThrow(/ALLOWED_ORIGINS/);
  });

  it('makes cookies Secure when the public URL is https, unless told otherwise', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://help.example.com' }).cookieSecure).toBe(true);
    expect(loadConfig({ PUBLIC_URL: 'https://help.example.com', COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
  });

  it('reads the upload budgets and the grace period of unreferenced uploads', () => {
    const defaults = loadConfig({});
    expect(defaults.uploadBytesPerIp).toBeUndefined(); // the built-in budget, scaled
    expect(defaults.uploadBytesPerDesk).toBeUndefined();
    expect(defaults.uploadGraceMs).toBe(24 * 3600 * 1000);
    const set = loadConfig({ UPLOAD_BYTES_PER_IP: '1048576', UPLOAD_BYTES_PER_DESK: '5000000', UPLOAD_GRACE_SECONDS: '0.5' });
    expect([set.uploadBytesPerIp, set.uploadBytesPerDesk, set.uploadGraceMs]).toEqual([1048576, 5000000, 500]);
    for (const [name, value] of [['UPLOAD_BYTES_PER_IP', '0'], ['UPLOAD_BYTES_PER_DESK', 'lots'], ['UPLOAD_GRACE_SECONDS', '-1']]) {
      expect(() => loadConfig({ [name!]: value }), name).toThrow(name);
    }
  });
});
