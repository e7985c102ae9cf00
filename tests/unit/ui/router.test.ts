import { describe, expect, it } from 'vitest';
import { statusLinkPath } from '../../../src/domain/receipt/status-link';
import { parseRoute, pathOf } from '../../../src/ui/router';

describe('the status link route', () => {
  it('opens /s/#receiptNo.check as the status page, the fragment kept whole, and back to the same path', () => {
    const path = statusLinkPath('LKO1-D01-000042', 'ABCD-2345');
    const [pathname, fragment] = path.split('#') as [string, string];
    const route = parseRoute(pathname, `#${fragment}`);
    expect(route).toEqual({ name: 'statusLink', fragment: 'LKO1-D01-000042.ABCD2345' });
    expect(pathOf(route)).toBe(path);
    // An SMS app may upper-case the path, or drop the trailing slash.
    expect(parseRoute('/S/', `#${fragment}`)).toEqual(route);
    expect(parseRoute('/s', `#${fragment}`)).toEqual(route);
    expect(parseRoute('/s/', '')).toEqual({ name: 'statusLink', fragment: '' });
  });

  it('leaves the receipt’s own /r/ route as it was', () => {
    expect(parseRoute('/r/', '#PAYLOAD')).toEqual({ name: 'verify', payload: 'PAYLOAD' });
  });
});
