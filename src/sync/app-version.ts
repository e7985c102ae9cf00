// Set by the build (vite.config.ts `define`, which the service worker's build inherits):
// the package version and, where built from a git checkout, its commit. Tests run unbuilt.
declare const __SAHEJ_VERSION__: string | undefined;

export const APP_VERSION: string = typeof __SAHEJ_VERSION__ === 'string' ? __SAHEJ_VERSION__ : 'dev';
