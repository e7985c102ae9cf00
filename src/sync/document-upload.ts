import { httpStatusCode, type ErrorCode } from '../domain/client-error-codes';
import type { ApiErrorCode } from '../domain/error-codes';
import type { SahejDatabase } from '../store/database';
import type { StoredDocument } from '../store/types';
import type { HttpStack } from 'tus-js-client';
import { API_BASE } from './api-client';
import { FetchHttpStack } from './fetch-http-stack';

export type UploadResult =
  | { kind: 'done' }
  | { kind: 'retry'; code: ErrorCode }
  | { kind: 'refused'; code: ErrorCode }
  | { kind: 'unauthorized' };

/** Sends one document's bytes to the server, resuming where an earlier attempt stopped. */
export interface DocumentUploader {
  upload(document: StoredDocument, token: string): Promise<UploadResult>;
}

interface PreviousUpload {
  size: number | null;
  metadata: Record<string, string>;
  creationTime: string;
  urlStorageKey: string;
  uploadUrl: string | null;
  parallelUploadUrls: string[] | null;
}

/** tus-js-client's record of uploads in progress, kept in IndexedDB beside the filings. */
class DexieUrlStorage {
  constructor(private readonly db: SahejDatabase) {}

  async findAllUploads(): Promise<PreviousUpload[]> {
    return (await this.db.uploads.toArray()).map((row) => ({ ...(row.upload as PreviousUpload), urlStorageKey: String(row.key) }));
  }

  async findUploadsByFingerprint(fingerprint: string): Promise<PreviousUpload[]> {
    return (await this.db.uploads.where('fingerprint').equals(fingerprint).toArray()).map((row) => ({ ...(row.upload as PreviousUpload), urlStorageKey: String(row.key) }));
  }

  async removeUpload(urlStorageKey: string): Promise<void> {
    await this.db.uploads.delete(Number(urlStorageKey));
  }

  async addUpload(fingerprint: string, upload: PreviousUpload): Promise<string> {
    return String(await this.db.uploads.add({ fingerprint, upload }));
  }
}

// Small enough that a 2G link dropping mid-request loses little; large enough to keep the
// per-request overhead of a 300 KB photo to a couple of round trips.
const CHUNK_BYTES = 128 * 1024;

const fingerprintOf = (document: StoredDocument) => `sahej-document-${document.sha256}`;

/** An attempt's answer that asks for another attempt, when none is left this round. */
const settled = (result: UploadResult | 'exists' | 'missing'): UploadResult => (typeof result === 'string' ? { kind: 'retry', code: 'conflict' } : result);

/** Why the server refused a document (422): its bytes are not what they claim, or not a document type at all. */
function refusalCode(body: string | undefined): ApiErrorCode {
  try {
    if ((JSON.parse(body ?? '') as { error?: unknown }).error === 'document_type_refused') return 'document_type_refused';
  } catch {
    // not our JSON: the older answer
  }
  return 'document_hash_mismatch';
}

/** No byte moved for this long: the request is taken for lost (as a fetch is after REQUEST_TIMEOUT_MS). */
export const STALL_TIMEOUT_MS = 30_000;

/**
 * Over fetch (in the service worker) no progress is reported within a request, only as
 * each chunk is answered, so the watchdog must allow a whole chunk: 128 KB at 2 KB/s, a
 * poor 2G link, is about 64 s.
 */
export const FETCH_STALL_TIMEOUT_MS = 90_000;

export interface TusUploaderOptions {
  /** tus-js-client's HTTP stack; by default its own (XMLHttpRequest in a page). The service worker, which has no XMLHttpRequest, passes a FetchHttpStack. */
  httpStack?: HttpStack;
  stallTimeoutMs?: number;
}

/**
 * tus 1.0 uploads (tus-js-client, loaded only when there is something to send). The
 * upload's address is the document's SHA-256, so a resumed upload asks the server how
 * much of it is there (a HEAD) and sends only the rest; a document already complete is
 * not sent again. The client's own retries are off: the drain decides when to retry.
 */
export class TusUploader implements DocumentUploader {
  private readonly storage: DexieUrlStorage;
  private readonly httpStack: HttpStack | undefined;
  private readonly stallTimeoutMs: number;

  constructor(
    db: SahejDatabase,
    private readonly base = API_BASE,
    options: TusUploaderOptions = {},
  ) {
    this.storage = new DexieUrlStorage(db);
    this.httpStack = options.httpStack;
    this.stallTimeoutMs = options.stallTimeoutMs ?? (this.httpStack instanceof FetchHttpStack ? FETCH_STALL_TIMEOUT_MS : STALL_TIMEOUT_MS);
  }

  /**
   * A document never tried before goes in one request (tus creation-with-upload: the POST
   * carries the first chunk): on a 2G link every round trip saved is most of a second.
   * One tried before resumes: a HEAD asks the server how much it has, then the rest. So
   * does a first try the server answers 409 (bytes of it are already there, from a try
   * whose answer was lost). A resume the server answers 404 (it never had the bytes, or
   * forgot them in a restore) starts over with a new upload.
   */
  async upload(document: StoredDocument, token: string): Promise<UploadResult> {
    const tried = (await this.storage.findUploadsByFingerprint(fingerprintOf(document))).length > 0;
    if (!tried) {
      const first = await this.attempt(document, token, 'create');
      if (first !== 'exists') return settled(first);
    }
    const resumed = await this.attempt(document, token, 'resume');
    if (resumed !== 'missing') return settled(resumed);
    // Someone else's bytes may arrive in between ('exists'): the next round resumes on them.
    return settled(await this.attempt(document, token, 'create'));
  }

  /**
   * One tus request sequence. 'exists': a creation refused because bytes of the document are
   * already on the server (409). 'missing': a resume whose HEAD found nothing there (404/410).
   */
  private async attempt(document: StoredDocument, token: string, mode: 'create' | 'resume'): Promise<UploadResult | 'exists' | 'missing'> {
    const { Upload } = await import('tus-js-client');
    return new Promise<UploadResult | 'exists' | 'missing'>((resolve) => {
      // tus-js-client waits for ever on a request the network swallowed (a stalled proxy, a
      // half-open TCP connection): give up after a while with no progress and retry later.
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      const finish = (result: UploadResult | 'exists' | 'missing') => {
        clearTimeout(watchdog);
        resolve(result);
      };
      const rearm = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          void upload.abort();
          finish({ kind: 'retry', code: 'timeout' });
        }, this.stallTimeoutMs);
      };
      const upload = new Upload(document.blob, {
        // A resume gets no endpoint: given one, tus-js-client answers ANY failed HEAD (a 503, a
        // 429) by creating a new upload, which the server refuses with 409 because the bytes
        // are there — and that 409 looked like "complete". Without it, the HEAD's failure is ours.
        ...(mode === 'resume' ? { uploadUrl: `${this.base}/documents/${document.sha256}` } : { endpoint: `${this.base}/documents`, uploadDataDuringCreation: true }),
        metadata: { sha256: document.sha256, mime: document.mime },
        headers: { authorization: `Bearer ${token}` },
        chunkSize: CHUNK_BYTES,
        retryDelays: null as unknown as number[],
        urlStorage: this.storage,
        ...(this.httpStack ? { httpStack: this.httpStack } : {}),
        fingerprint: async () => fingerprintOf(document),
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        onProgress: rearm,
        onSuccess: () => finish({ kind: 'done' }),
        onError: (error) => {
          const response = (error as { originalResponse?: { getStatus(): number; getBody(): string } | null }).originalResponse;
          const status = response?.getStatus() ?? 0;
          if (status === 409) finish(mode === 'create' ? 'exists' : { kind: 'retry', code: 'conflict' });
          else if (mode === 'resume' && (status === 404 || status === 410)) finish('missing');
          else if (status === 401) finish({ kind: 'unauthorized' });
          else if (status >= 400 && status < 500 && ![408, 423, 429].includes(status)) finish({ kind: 'refused', code: status === 422 ? refusalCode(response?.getBody()) : httpStatusCode(status) });
          else finish({ kind: 'retry', code: status ? httpStatusCode(status) : 'network' });
        },
      });
      rearm();
      upload.start();
    });
  }
}
