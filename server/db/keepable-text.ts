/** A lone UTF-16 surrogate: half of a character, which has no UTF-8 form. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether the server can keep a string exactly as sent. Not with a NUL character (U+0000):
 * PostgreSQL can neither store one in text nor take one as a parameter (SQLite can, but
 * both databases must answer alike). Not with a lone surrogate (JSON's `"\ud800"`): it has
 * no UTF-8 form, so the databases would keep U+FFFD instead, and no canonical JSON, so a
 * filing holding one has no content hash.
 */
export function isKeepableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/**
 * The wire path (`data.applicant.name`) of the first string or object key in `value` that
 * cannot be kept, if any. Iterative, so a body nested 100,000 levels deep cannot exhaust
 * the stack.
 */
export function pathOfUnkeepableText(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [node, path] = stack.pop()!;
    if (typeof node === 'string') {
      if (!isKeepableText(node)) return path;
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        const childPath = path ? `${path}.${key}` : key;
        if (!isKeepableText(key)) return childPath;
        stack.push([child, childPath]);
      }
    }
  }
  return undefined;
}
