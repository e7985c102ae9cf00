import { namespace } from '../namespace';
import { appEn } from './en';
import { appHi, type MessageKey } from './hi';

export type { MessageKey } from './hi';

/** The kiosk's and the public pages' messages, in the main bundle. */
export const app = namespace<MessageKey>({ hi: appHi, en: appEn });
