/** The languages every namespace is written in (the server's error messages are English only; its CSVs for people are in both). */
export type Lang = 'hi' | 'en';
export const LANGS: readonly Lang[] = ['hi', 'en'];
