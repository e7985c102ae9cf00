// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useAutosave, type SaveState } from '../../../src/ui/use-autosave';

interface Write {
  value: string;
  finish(): void;
  fail(error: Error): void;
}

/** A save whose every write waits until the test finishes or fails it. */
function heldSaves(): { writes: Write[]; save(value: string): Promise<void> } {
  const writes: Write[] = [];
  return {
    writes,
    save: (value) =>
      new Promise<void>((resolve, reject) => {
        writes.push({ value, finish: resolve, fail: reject });
      }),
  };
}

let shown: SaveState = 'idle';
function Probe({ value, save }: { value: string; save(value: string): Promise<void> }) {
  shown = useAutosave(value, save).state;
  return null;
}

const root = document.createElement('div');
const show = (value: string, save: (value: string) => Promise<void>) => act(() => render(h(Probe, { value, save }), root));

afterEach(() => {
  act(() => render(null, root));
  vi.restoreAllMocks();
});

describe('useAutosave', () => {
  it('writes each change, collapses changes made during a write into one, and says "saved" only when the newest is stored', async () => {
    const { writes, save } = heldSaves();
    show('a', save);
    expect(writes).toHaveLength(0); // the value as loaded is not written again
    show('ab', save);
    expect(writes.map((write) => write.value)).toEqual(['ab']);
    expect(shown).toBe('pending');
    show('abc', save);
    show('abcd', save);
    await act(async () => writes[0]!.finish());
    // The first write is stored, but 'abcd' is not yet: the operator must not be told it is.
    expect(writes.map((write) => write.value)).toEqual(['ab', 'abcd']);
    expect(shown).toBe('pending');
    await act(async () => writes[1]!.finish());
    expect(shown).toBe('saved');
    expect(writes).toHaveLength(2);
  });

  it('shows a failed write, keeps the value for the next change and says "saved" once that one is stored', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { writes, save } = heldSaves();
    show('x', save);
    show('xy', save);
    await act(async () => writes[0]!.fail(new DOMException('full', 'QuotaExceededError')));
    expect(shown).toBe('failed');
    show('xyz', save);
    expect(writes.map((write) => write.value)).toEqual(['xy', 'xyz']);
    await act(async () => writes[1]!.finish());
    expect(shown).toBe('saved');
  });
});
