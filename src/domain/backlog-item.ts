/** One application in the office's backlog list, as the server sends it and the console reads it. */
export type { BacklogItem } from './wire/office';
