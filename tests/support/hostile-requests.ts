import fc from 'fast-check';

/**
 * Arbitraries for hostile input: what a broken client, a fuzzer or an attacker sends.
 * Used by tests/integration/fuzz-public-routes.test.ts against every public route.
 */

/** Strings that have broken servers somewhere: injections, encodings, look-alikes, edge numbers. */
export const HOSTILE_STRINGS: readonly string[] = [
  // SQL
  "' OR '1'='1",
  "'; DROP TABLE applications; --",
  '"; DELETE FROM devices; --',
  "1; SELECT pg_sleep(5)--",
  "' UNION SELECT token_hash FROM devices --",
  "%' OR 1=1 --",
  "\\'",
  '\\',
  '`',
  '$1',
  '?',
  // script and template
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
  // spreadsheet formulas (the CSV export)
  "=cmd|' /C calc'!A0",
  '@SUM(1+1)',
  '+91',
  '-1',
  // prototype keys
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  // control, zero-width, bidi, lone surrogates, combining marks, look-alikes
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[31m',
  '\u200B',
  '\u200C\u200D',
  '\uFEFF',
  '\u202Eevil\u202C',
  '\u2066x\u2069',
  '\u200F',
  '\uD800',
  '\uDFFF',
  'a\uD83D',
  '🙂',
  '👨‍👩‍👧',
  'क्षत्रिय',
  'क\u094D',
  '\u0301\u0301\u0301',
  'ﷺ',
  'Ａ１',
  'İı',
  'ß',
  // paths and encodings
  '../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f',
  '%00',
  '%',
  '%E0%A4%A',
  '\r\nSet-Cookie: x=1',
  '\n',
  '\t',
  '',
  ' ',
  '   ',
  // numbers and literals as strings
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x10',
  '9007199254740993',
  '123456',
  '000000',
  '9876543210',
  '+91 98765 43210',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  // dates that are not
  '2026-02-30',
  '2026-11-28T25:61:61Z',
  '0000-00-00',
  '9999-12-31T23:59:59.999Z',
  '2026-11-28',
];

/** Built once: large enough to hit length limits, small enough to stay under the 256 KB body limit. */
export const LONG_STRINGS: readonly string[] = ['x'.repeat(10_000), 'क'.repeat(40_000), '\u200B'.repeat(30_000), '🙂'.repeat(20_000), "'".repeat(100_000)];

/** Over every body limit (256 KB), as a JSON string value. */
export const OVERSIZE_STRING = 'A'.repeat(300 * 1024);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_STRINGS), fc.constantFrom(...HOSTILE_STRINGS)).map(([a, b]) => a + b), weight: 2 },
  { arbitrary: fc.constantFrom(...LONG_STRINGS), weight: 1 },
);

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', '', ' ', '\u200B', 'id\u0000', '$where', '$gt', 'a.b', '[0]', 'toString', 'k'.repeat(2000)),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

const hostileNumber = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, 1e308, -1e308, 2 ** 31, 2 ** 63),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: hostileNumber, weight: 2 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
);

/** An object with own keys (so `__proto__` becomes an own property that JSON.stringify writes out). */
function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

/** Any JSON value, with hostile keys and leaves, a few levels deep. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileLeaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 4 }).map(objectOf),
  ),
})).value;

/** A value of any JSON type other than `like`'s (so a field that wants `like`'s type is sure to refuse it). */
export function wrongTypeFor(like: unknown): fc.Arbitrary<unknown> {
  const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
  const want = kind(like);
  const candidates: fc.Arbitrary<unknown>[] = [];
  if (want !== 'string') candidates.push(hostileString);
  if (want !== 'number') candidates.push(hostileNumber);
  if (want !== 'boolean') candidates.push(fc.boolean());
  if (want !== 'null') candidates.push(fc.constant(null));
  if (want !== 'array') candidates.push(fc.array(hostileLeaf, { maxLength: 3 }));
  if (want !== 'object') candidates.push(fc.array(fc.tuple(hostileKey, hostileLeaf), { maxLength: 3 }).map(objectOf));
  return fc.oneof(...candidates);
}

type Path = (string | number)[];

/** Every path in a JSON value (objects' keys and arrays' indexes), the root excluded. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

export function getAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], value);
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> | undefined {
  const parent = getAt(root, path.slice(0, -1));
  return parent !== null && typeof parent === 'object' ? (parent as Record<string | number, unknown>) : undefined;
}

export function setAt(root: unknown, path: Path, value: unknown): void {
  const parent = parentOf(root, path);
  if (parent) Object.defineProperty(parent, path.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
}

export function deleteAt(root: unknown, path: Path): void {
  const parent = parentOf(root, path);
  if (Array.isArray(parent)) parent.splice(Number(path.at(-1)), 1);
  else if (parent) delete parent[path.at(-1)!];
}

/**
 * A valid body made invalid: a few hostile changes anywhere (any value at any path, which
 * may or may not be acceptable on its own), then one change that no validator may accept —
 * a required field removed, a field of the wrong JSON type, or an unknown key in a strict
 * object. So whatever else it carries, the body must be refused, and nothing stored.
 */
export function brokenBody(template: Record<string, unknown>, options: { required: Path[]; strictObjects: Path[] }): fc.Arbitrary<unknown> {
  const paths = pathsOf(template);
  const anywhere = fc.record({ path: fc.constantFrom(...paths), value: fc.oneof(hostileJson, hostileString) });
  type Breaking = { kind: 'delete'; path: Path } | { kind: 'retype'; path: Path; value: unknown } | { kind: 'extra'; path: Path; key: string; value: unknown };
  const breaking = fc.oneof<fc.Arbitrary<Breaking>[]>(
    fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...options.required) }),
    fc.constantFrom(...paths).chain((path) => wrongTypeFor(getAt(template, path)).map((value) => ({ kind: 'retype' as const, path, value }))),
    ...(options.strictObjects.length ? [fc.record({ kind: fc.constant('extra' as const), path: fc.constantFrom(...options.strictObjects), key: hostileKey, value: hostileJson })] : []),
  );
  return fc.tuple(fc.array(anywhere, { maxLength: 3 }), breaking).map(([changes, last]) => {
    const body = structuredClone(template);
    for (const change of changes) setAt(body, change.path, change.value);
    if (last.kind === 'delete') {
      deleteAt(body, last.path);
    } else if (last.kind === 'retype') {
      // The earlier changes may have removed the parent: put the path back, wrongly typed.
      for (let depth = 1; depth < last.path.length; depth++) {
        const at = last.path.slice(0, depth);
        const node = getAt(body, at);
        if (node === null || typeof node !== 'object') setAt(body, at, typeof last.path[depth] === 'number' ? [] : {});
      }
      setAt(body, last.path, last.value);
    } else {
      let target = getAt(body, last.path);
      if (target === null || typeof target !== 'object' || Array.isArray(target)) {
        target = {};
        setAt(body, last.path, target);
      }
      // An unknown key that is not one of the object's own fields.
      const known = new Set(Object.keys(getAt(template, last.path) as object));
      const key = known.has(last.key) ? `${last.key}\u200B` : last.key;
      Object.defineProperty(target, key, { value: last.value, enumerable: true, writable: true, configurable: true });
    }
    return body;
  });
}

/** Bodies that are not JSON, or JSON no parser should take, or too big, or nested too deep. */
export function rawBodies(template: unknown): fc.Arbitrary<string | Buffer> {
  const json = JSON.stringify(template);
  return fc.oneof(
    fc.integer({ min: 0, max: Math.max(0, json.length - 1) }).map((cut) => json.slice(0, cut)),
    fc.constantFrom('', 'null', '[]', '""', '0', 'true', '{', '}', '{"a":}', '{"a":1,}', "{'a':1}", '{"a":1e400}', '{"a":-1e400}', '{"a":1}{"b":2}', 'NaN', '\uFEFF{}', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}', '{"a":"\\ud800"}', '{"a":"\\u0000"}'),
    fc.integer({ min: 1, max: 50_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
    fc.integer({ min: 1, max: 30_000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
    // Invalid UTF-8 inside and around JSON: lone continuation bytes, overlong forms, encoded surrogates, truncated sequences.
    fc.tuple(fc.constantFrom([0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe0, 0xa4], [0xff, 0xfe], [0xf4, 0x90, 0x80, 0x80]), fc.integer({ min: 0, max: json.length })).map(([bytes, at]) =>
      Buffer.concat([Buffer.from(json.slice(0, at)), Buffer.from(bytes), Buffer.from(json.slice(at))]),
    ),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
    fc.constant(`{"a":"${OVERSIZE_STRING}"}`),
    // The same body in UTF-16: not what the content type says.
    fc.constant(Buffer.from(`\uFEFF${json}`, 'utf16le')),
  );
}

/** Percent-encodes a path segment as a client would, or leaves the broken encodings broken. */
export function encodeSegment(segment: string): string {
  if (/^%|%[0-9A-Fa-f]?$|%[^0-9A-Fa-f]/.test(segment) && segment.length < 20) return segment;
  try {
    return encodeURIComponent(segment);
  } catch {
    // A lone surrogate: send the bytes a broken encoder would (CESU-8), which are not UTF-8.
    return segment.replace(/[\uD800-\uDFFF]/g, '%ED%A0%80').replace(/[^\w%-]/g, (char) => encodeURIComponent(char));
  }
}

/** What can stand where an id belongs in a path: unknown ids of the right shape, and anything but. */
export function hostileIds(known: readonly string[] = []): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: hostileString.filter((text) => text.length < 5_000).map(encodeSegment), weight: 4 },
    { arbitrary: fc.constantFrom('%FF', '%E0%A4', '%C0%AF', '%ED%A0%80', '%00', '%2F', '%2e%2e', '..', '.', '%', '%zz', 'a%2Fb', '%252F', 'x'.repeat(101), '0'.repeat(64), 'A'.repeat(64), 'Z'.repeat(26)), weight: 2 },
    { arbitrary: fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/), weight: 1 },
    { arbitrary: fc.stringMatching(/^[0-9a-f]{64}$/), weight: 1 },
    ...(known.length ? [{ arbitrary: fc.constantFrom(...known), weight: 1 }] : []),
  );
}

/** A query string with hostile keys and values, repeated keys, and broken percent-encodings. */
export function hostileQuery(keys: readonly string[], goodValues: readonly string[] = []): fc.Arbitrary<string> {
  const key = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: fc.constantFrom(...keys).map((name) => `${name}[]`) }, { weight: 1, arbitrary: hostileKey.map(encodeSegment) }, { weight: 1, arbitrary: fc.constantFrom('__proto__[admin]', 'constructor[prototype][x]', 'a[0][1]') });
  const value = fc.oneof(
    { weight: 3, arbitrary: hostileString.map(encodeSegment) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%%', '%E0%A4%A', '%FF', '1e3', '-1', '0.5', '00', '1,2,3', 'true', '') },
    // Good values too, so that repeated keys and their mixtures with bad ones get through the first checks.
    ...(goodValues.length ? [{ weight: 2, arbitrary: fc.constantFrom(...goodValues).map(encodeSegment) }] : []),
  );
  const pair = fc.tuple(key, value);
  return fc.array(pair, { minLength: 1, maxLength: 5 }).map((pairs) => pairs.map(([key, value]) => `${key}=${value}`).join('&'));
}

/** Header values that are not what the route expects (as far as an HTTP library lets them through). */
export const hostileHeaderValue: fc.Arbitrary<string> = fc.oneof(
  hostileString.filter((text) => text.length < 8_000 && /^[\t\x20-\x7e\x80-\xff]*$/.test(text)),
  fc.constantFrom('', ' ', '-1', '1e20', '99999999999999999999', '0x10', 'NaN', '1.5', 'Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Bearer sahej_' + 'x'.repeat(4000), 'sahej_session=' + 'x'.repeat(4000)),
);

/** Content types a JSON route must refuse or survive. */
export const hostileContentType: fc.Arbitrary<string> = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/json;;;',
  'application/jsonx',
  'application/vnd.api+json',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/offset+octet-stream',
  'application/octet-stream',
  '*/*',
  'garbage',
);
