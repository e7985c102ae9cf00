import { describe, expect, it } from 'vitest';
import { headerState } from '../../../src/app/Header/header-state';

describe('what the header may claim', () => {
  it('says "all sent" only when nothing is queued or parked and the server answers', () => {
    expect(headerState({ pending: 0, attention: 0, reachable: true }, true)).toEqual({ kind: 'all-sent' });
    // An objection answer waiting is in the queue like a filing: not "all sent".
    expect(headerState({ pending: 1, attention: 0, reachable: true }, true)).toEqual({ kind: 'sending', pending: 1 });
    expect(headerState({ pending: 0, attention: 2, reachable: true }, true)).toEqual({ kind: 'attention', attention: 2 });
  });

  it('says "offline" with no network or when the server does not answer, whatever the queue holds', () => {
    expect(headerState({ pending: 0, attention: 0, reachable: true }, false)).toEqual({ kind: 'offline', pending: 0 });
    expect(headerState({ pending: 3, attention: 1, reachable: false }, true)).toEqual({ kind: 'offline', pending: 3 });
  });
});
