import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n-context';

export type ScreenLoader<P> = () => Promise<ComponentType<P>>;

// Screens already fetched, by loader: shown again at once, without a loading flash.
const loaded = new Map<ScreenLoader<any>, ComponentType<any>>();

/** Fetches a screen's chunk ahead of need (it is precached, so this costs no network). */
export function preloadScreen<P>(load: ScreenLoader<P>): Promise<ComponentType<P>> {
  const known = loaded.get(load) as ComponentType<P> | undefined;
  if (known) return Promise.resolve(known);
  return load().then((component) => {
    loaded.set(load, component);
    return component;
  });
}

/**
 * Draws a screen whose code is fetched only when it is first shown (its own chunk), so
 * the kiosk's first load does not carry it. While the chunk loads it shows the usual
 * loading text; a failed fetch (offline, before the chunk was ever cached) says so in the
 * current language instead of a blank page. `load` must be one function for the screen's
 * whole life (a module-level constant), since it is also the key of the cache.
 */
export function LazyScreen<P extends object>({ load, props }: { load: ScreenLoader<P>; props: P }) {
  const { t } = useI18n();
  const [, setTick] = useState(0);
  const [failed, setFailed] = useState(false);
  const Screen = loaded.get(load) as ComponentType<P> | undefined;
  useEffect(() => {
    if (loaded.has(load)) return;
    let live = true;
    setFailed(false);
    preloadScreen(load).then(
      () => live && setTick((tick) => tick + 1),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [load]);
  if (Screen) return <Screen {...props} />;
  if (failed) return <LoadFailed />;
  return <p class="loading">{t('common.loading')}</p>;
}

/** A chunk that could not be fetched (offline, before it was ever cached), said in the current language. */
export function LoadFailed() {
  const { t } = useI18n();
  return <main role="alert"><p>{t('common.loadFailed')}</p></main>;
}
