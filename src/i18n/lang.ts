/** The languages every namespace is written in (the server's messages are English only). */
export type Lang = 'hi' | 'en';
export const LANGS: readonly Lang[] = ['hi', 'en'];
