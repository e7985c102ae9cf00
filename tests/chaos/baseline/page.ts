/**
 * The baseline page: what a team writes first. Each filing's documents go up in one tus
 * request each (creation with upload), then the envelope by PUT; whatever the network
 * drops, the service worker's queue is trusted to deliver later. The page keeps nothing.
 */
interface BaselineDocument {
  sha256: string;
  mime: string;
  base64: string;
}

const toBase64 = (text: string) => btoa(text);

async function file(envelope: { id: string }, documents: BaselineDocument[], token: string): Promise<string[]> {
  const outcomes: string[] = [];
  const attempt = async (what: string, request: () => Promise<Response>) => {
    try {
      outcomes.push(`${what}:${(await request()).status}`);
    } catch {
      outcomes.push(`${what}:queued`);
    }
  };
  for (const document of documents) {
    const bytes = Uint8Array.from(atob(document.base64), (char) => char.charCodeAt(0));
    await attempt(`document ${document.sha256.slice(0, 8)}`, () =>
      fetch('/api/v1/documents', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'tus-resumable': '1.0.0',
          'upload-length': String(bytes.length),
          'upload-metadata': `sha256 ${toBase64(document.sha256)},mime ${toBase64(document.mime)}`,
          'content-type': 'application/offset+octet-stream',
        },
        body: bytes,
      }),
    );
  }
  await attempt('envelope', () =>
    fetch(`/api/v1/applications/${envelope.id}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(envelope) }),
  );
  return outcomes;
}

Object.assign(window, { fileBaseline: file, baselineReady: navigator.serviceWorker.register('/baseline/sw.js', { scope: '/' }).then(() => navigator.serviceWorker.ready) });
