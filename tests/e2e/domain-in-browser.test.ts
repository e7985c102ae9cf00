import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import vectors from '../vectors/canonical-json.json';
import { launchChromium } from '../../scripts/chromium';
import { canonicalJson } from '../../src/domain/canonical-json';
import { contentHash, sha256Hex } from '../../src/domain/content-hash';
import { sampleEnvelope } from '../support/sample-envelope';
import { ServerProcess } from '../../scripts/server-process';

type DomainModule = typeof import('../../src/domain/index');

describe('the domain module in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let server: ServerProcess;

  beforeAll(async () => {
    server = await ServerProcess.start(inject('distDir'));
    browser = await launchChromium();
    page = await browser.newPage();
    // A secure context (Web Crypto needs one), then the domain bundle as a module.
    await page.route('**/__test__/domain.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(inject('domainBundle'), 'utf8') }),
    );
    // A script from the page's own origin, not an inline one: the server's CSP allows only those.
    await page.route('**/__test__/expose-domain.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: "import * as domain from '/__test__/domain.js'; window.sahejDomain = domain;" }),
    );
    await page.goto(`${server.url}/api/v1/health`);
    await page.addScriptTag({ type: 'module', url: `${server.url}/__test__/expose-domain.js` });
    await page.waitForFunction(() => 'sahejDomain' in window);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('computes the same canonical forms and hashes as Node, from the same vectors', async () => {
    const inBrowser = await page.evaluate(
      async ({ cases, envelope }) => {
        const domain = (window as unknown as { sahejDomain: DomainModule }).sahejDomain;
        const results = [];
        for (const vector of cases) {
          const canonical = domain.canonicalJson(JSON.parse(vector.input));
          results.push({ canonical, sha256: await domain.sha256Hex(canonical) });
        }
        return { results, envelopeHash: await domain.contentHash(envelope), userAgent: navigator.userAgent };
      },
      { cases: vectors.cases, envelope: sampleEnvelope({ id: '01JDQ3ZKHZ8X9V2Y7W4T5R6S3P', capturedAt: new Date('2026-11-28T06:30:00Z') }) },
    );
    expect(inBrowser.userAgent).toMatch(/Chrome/);
    for (const [index, vector] of vectors.cases.entries()) {
      expect(inBrowser.results[index]).toEqual({ canonical: vector.canonical, sha256: vector.sha256 });
      expect(canonicalJson(JSON.parse(vector.input))).toBe(vector.canonical);
      expect(await sha256Hex(vector.canonical)).toBe(vector.sha256);
    }
    const envelope = sampleEnvelope({ id: '01JDQ3ZKHZ8X9V2Y7W4T5R6S3P', capturedAt: new Date('2026-11-28T06:30:00Z') });
    expect(inBrowser.envelopeHash).toBe(await contentHash(envelope));
  });
});
