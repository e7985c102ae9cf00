import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { databaseSnapshot } from '../support/database-snapshot';
import { sampleEnvelope } from '../support/sample-envelope';
import { tempDir } from '../support/temp-dirs';
import { describeEachDatabase } from '../support/test-database';

describeEachDatabase('what the server takes and serves besides JSON', (dialect) => {
  let fx: ApiFixture;
  let staticDir: string;
  beforeEach(async () => {
    staticDir = tempDir('sahej-static-');
    fs.mkdirSync(path.join(staticDir, 'assets'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Sahej</title>');
    fs.writeFileSync(path.join(staticDir, 'assets', 'index-abc.js'), 'console.log(1)');
    fs.writeFileSync(path.join(staticDir, 'assets', 'index-abc.js.map'), '{"version":3,"sources":["../src/secret.ts"]}');
    fs.writeFileSync(path.join(staticDir, 'sw.js.map'), '{"version":3}');
    fx = await createApiFixture(dialect, { staticDir });
  });
  afterEach(async () => {
    await fx.close();
  });

  it('answers a text/plain body on every JSON route 415 unsupported_media_type, storing nothing', async () => {
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId });
    // The rate limiter counts the attempts (in the database on PostgreSQL): a count, not something stored.
    const snapshot = () => databaseSnapshot(fx.test.database, {}, ['rate_limit_hits']);
    const before = await snapshot();
    const device = { authorization: `Bearer ${fx.device.token}` };
    const routes = [
      { method: 'PUT' as const, url: `/api/v1/applications/${envelope.id}`, headers: device, body: JSON.stringify(envelope) },
      { method: 'POST' as const, url: '/api/v1/applications/batch', headers: device, body: JSON.stringify({ items: [envelope] }) },
      { method: 'POST' as const, url: '/api/v1/reconcile', headers: device, body: JSON.stringify({ items: [] }) },
      { method: 'POST' as const, url: '/api/v1/devices/enroll', headers: {}, body: '{"code":"x"}' },
      { method: 'POST' as const, url: '/api/v1/office/login', headers: {}, body: '{"username":"a","password":"b"}' },
    ];
    for (const route of routes) {
      const answer = await fx.app.inject({ method: route.method, url: route.url, headers: { ...route.headers, 'content-type': 'text/plain' }, payload: route.body });
      expect([route.url, answer.statusCode, answer.json().error]).toEqual([route.url, 415, 'unsupported_media_type']);
    }
    expect(await snapshot()).toEqual(before);
    // The same body as JSON goes in.
    const stored = await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, headers: { ...device, 'content-type': 'application/json' }, payload: JSON.stringify(envelope) });
    expect(stored.statusCode).toBe(201);
  });

  it('never serves a source map, while the app itself is served', async () => {
    expect((await fx.app.inject({ method: 'GET', url: '/assets/index-abc.js' })).statusCode).toBe(200);
    for (const url of ['/assets/index-abc.js.map', '/sw.js.map']) {
      const answer = await fx.app.inject({ method: 'GET', url });
      expect([url, answer.statusCode, answer.body.includes('secret.ts')]).toEqual([url, 404, false]);
    }
  });
});
