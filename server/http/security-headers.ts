import type { FastifyInstance } from 'fastify';

/**
 * The app loads nothing but its own files: scripts and styles from this origin only (no
 * inline script, no eval), photos and receipt pictures as blob: or data: URLs, fetches
 * and the service worker from here. No page may frame it, and no form or <base> may
 * point elsewhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/**
 * Powerful features the app never uses are switched off for it and anything it embeds. The
 * camera stays allowed for this origin (document photos); web-share keeps its default (self).
 * Only features Chromium recognises are listed, so the header draws no console warnings.
 */
export const PERMISSIONS_POLICY = [
  'camera=(self)',
  'microphone=()',
  'geolocation=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'hid=()',
  'midi=()',
  'display-capture=()',
  'accelerometer=()',
  'gyroscope=()',
  'magnetometer=()',
].join(', ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'permissions-policy': PERMISSIONS_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const HEADER_ENTRIES = Object.entries(SECURITY_HEADERS);

/**
 * Sets the headers on every response: API answers, errors, 404s, the static app, and the
 * tus document routes, which write to the raw response themselves (so the headers go on
 * the raw response at the start of the request, not in an onSend hook that never runs for
 * them). The values are fixed strings, computed once.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (_request, reply, done) => {
    setSecurityHeaders(reply.raw);
    done();
  });
}

/** For the few answers Fastify gives before any hook runs (a URL it cannot decode). */
export function setSecurityHeaders(response: { setHeader(name: string, value: string): unknown }): void {
  for (const [name, value] of HEADER_ENTRIES) response.setHeader(name, value);
}
