import type { HttpRequest, HttpResponse, HttpStack } from 'tus-js-client';

/**
 * tus-js-client's requests over fetch. Its browser default is XMLHttpRequest, which a
 * service worker does not have, so the worker's uploads go through this. fetch reports
 * no upload progress: tus still reports each chunk as its answer arrives.
 */
export class FetchHttpStack implements HttpStack {
  constructor(private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init)) {}

  createRequest(method: string, url: string): HttpRequest {
    return new FetchRequest(method, url, this.fetchImpl);
  }

  getName(): string {
    return 'SahejFetchHttpStack';
  }
}

class FetchRequest implements HttpRequest {
  private readonly headers: Record<string, string> = {};
  private readonly controller = new AbortController();

  constructor(
    private readonly method: string,
    private readonly url: string,
    private readonly fetchImpl: typeof fetch,
  ) {}

  getMethod(): string {
    return this.method;
  }

  getURL(): string {
    return this.url;
  }

  setHeader(header: string, value: string): void {
    this.headers[header] = value;
  }

  getHeader(header: string): string | undefined {
    return this.headers[header];
  }

  setProgressHandler(): void {
    // fetch has no upload progress events; tus reports progress per answered chunk instead.
  }

  async send(body?: BodyInit | null): Promise<HttpResponse> {
    const response = await this.fetchImpl(this.url, {
      method: this.method,
      headers: this.headers,
      ...(body !== undefined && body !== null ? { body } : {}),
      signal: this.controller.signal,
    });
    // tus reads error bodies (our 422's reason); the answer is read whole, it is small.
    return new FetchResponse(response.status, response.headers, await response.text());
  }

  abort(): Promise<void> {
    this.controller.abort();
    return Promise.resolve();
  }

  getUnderlyingObject(): AbortController {
    return this.controller;
  }
}

class FetchResponse implements HttpResponse {
  constructor(
    private readonly status: number,
    private readonly headers: Headers,
    private readonly body: string,
  ) {}

  getStatus(): number {
    return this.status;
  }

  getHeader(header: string): string | undefined {
    return this.headers.get(header) ?? undefined;
  }

  getBody(): string {
    return this.body;
  }

  getUnderlyingObject(): Headers {
    return this.headers;
  }
}
