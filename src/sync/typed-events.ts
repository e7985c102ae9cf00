/**
 * A small typed wrapper over EventTarget: the sync layer announces what it does through
 * these events and never imports UI code; the UI subscribes.
 */
export class TypedEvents<Events extends Record<string, unknown>> {
  private readonly target = new EventTarget();

  on<K extends keyof Events & string>(type: K, listener: (detail: Events[K]) => void): () => void {
    const handler = (event: Event) => listener((event as CustomEvent<Events[K]>).detail);
    this.target.addEventListener(type, handler);
    return () => this.target.removeEventListener(type, handler);
  }

  emit<K extends keyof Events & string>(type: K, detail: Events[K]): void {
    this.target.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
