import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RATE_LIMITS, parseRateLimit, parseRateLimitStore, type RateLimits, type RateLimitStore } from './http/rate-limits';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from './documents/clean-uploads';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../src/domain/format-dates';
import { prepareWorkersConfig } from './workers/prepare-workers';
import { STATUS_MESSAGE_KINDS, templateVariable, type StatusTemplateIds } from './notify/status-message-kinds';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Config {
  port: number;
  host: string;
  /** `sqlite:PATH` (the embedded default) or `postgres://…`. */
  databaseUrl: string;
  /** The built app (vite build output) served beside the API. */
  staticDir: string;
  /**
   * Where document bytes live with the file store: beside the SQLite file by default; with
   * PostgreSQL only if DOCUMENT_STORE=file (then a directory every server process sees).
   */
  documentsDir: string;
  /** `DOCUMENT_STORE` as set (`file` or `database`); unset, PostgreSQL keeps documents in the database and SQLite in DOCUMENTS_DIR (server/documents/open-document-store.ts). */
  documentStore: string | undefined;
  /** The server's address as applicants' phones reach it: links in SMS point here. */
  publicUrl: string;
  /**
   * PUBLIC_URL as the operator set it, without the default: the console's own origin
   * (Origin checks) and, if https, a Secure session cookie. Undefined when unset.
   */
  explicitPublicUrl: string | undefined;
  /**
   * `templateId` is the OTP code's DLT template; `statusTemplates` each status message's, per
   * stage and language (`SMS_DLT_STATUS_<KIND>_<HI|EN>`); `statusMessages` false when
   * `SMS_STATUS_MESSAGES=off` (then applicants get codes only).
   */
  sms: ({ provider: 'file'; file: string } | { provider: 'http'; url: string; sender: string; apiKey?: string }) & { templateId: string; statusTemplates: StatusTemplateIds; statusMessages: boolean };
  /** Per client address: `RATE_LIMIT_ENROLL`, `RATE_LIMIT_LOGIN`, `RATE_LIMIT_OTP`, `RATE_LIMIT_RECEIPTS` as REQUESTS/SECONDS or `off`. */
  rateLimits: RateLimits;
  /** `RATE_LIMIT_STORE`: `memory` or `database`; unset, the database's default (defaultRateLimitStore). */
  rateLimitStore: RateLimitStore | undefined;
  /** `TRUST_PROXY`: `true`, or the proxies' addresses; then limits count the forwarded client address. */
  trustProxy: boolean | string;
  /** `UPLOAD_EXPIRY_HOURS` (24): unfinished uploads older are removed; `UPLOAD_MAX_UNFINISHED` (20) a device at once. */
  uploads: UploadLimits;
  /** `TIME_ZONE` (Asia/Kolkata): the zone the CSV export's dates, times and file name are read in. */
  timeZone: string;
  /** Worker threads that validate and hash envelopes (PREPARE_WORKERS; 0: on the event loop's thread). */
  prepareWorkers: number;
}

function positiveNumber(value: string | undefined, fallback: number, name: string, integer: boolean): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) throw new Error(`${name} must be a positive ${integer ? 'whole ' : ''}number, not "${value}"`);
  return number;
}

function uploadLimits(env: NodeJS.ProcessEnv): UploadLimits {
  return {
    maxAgeMs: positiveNumber(env.UPLOAD_EXPIRY_HOURS, DEFAULT_UPLOAD_LIMITS.maxAgeMs / 3_600_000, 'UPLOAD_EXPIRY_HOURS', false) * 3_600_000,
    maxUnfinishedPerDevice: positiveNumber(env.UPLOAD_MAX_UNFINISHED, DEFAULT_UPLOAD_LIMITS.maxUnfinishedPerDevice, 'UPLOAD_MAX_UNFINISHED', true),
  };
}

function timeZoneConfig(value: string | undefined): string {
  if (!value) return DEFAULT_TIME_ZONE;
  if (!isTimeZone(value)) throw new Error(`TIME_ZONE must be a zone name such as Asia/Kolkata, not "${value}"`);
  return value;
}

function trustProxyConfig(value: string | undefined): boolean | string {
  if (!value || value === 'false') return false;
  return value === 'true' ? true : value;
}

function explicitPublicUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const url = value.replace(/\/$/, '');
  if (!/^https?:\/\/[^/]/i.test(url) || !URL.canParse(url)) throw new Error(`PUBLIC_URL must be an http:// or https:// address, not "${value}"`);
  return url;
}

function statusMessagesOn(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'on') return true;
  if (value === 'off') return false;
  throw new Error(`SMS_STATUS_MESSAGES must be "on" or "off", not "${value}"`);
}

/**
 * Each status message's DLT template id. A development default (`dev-status-received-hi`)
 * for the file provider; through a real gateway every one must be registered and set,
 * or status messages switched off, since a gateway refuses a text under a template it
 * does not know (and the queue would retry it to no end).
 */
function statusTemplates(env: NodeJS.ProcessEnv, real: boolean, on: boolean): StatusTemplateIds {
  const missing: string[] = [];
  const ids = Object.fromEntries(
    STATUS_MESSAGE_KINDS.map((kind) => [
      kind,
      Object.fromEntries(
        (['hi', 'en'] as const).map((lang) => {
          const name = templateVariable(kind, lang);
          if (!env[name]) missing.push(name);
          return [lang, env[name] || `dev-status-${kind.replace(/_/g, '-')}-${lang}`];
        }),
      ),
    ]),
  ) as StatusTemplateIds;
  if (real && on && missing.length) throw new Error(`SMS_PROVIDER=http sends status messages under registered DLT templates: set ${missing.join(', ')} (or SMS_STATUS_MESSAGES=off)`);
  return ids;
}

function smsConfig(env: NodeJS.ProcessEnv, dataDir: string): Config['sms'] {
  const templateId = env.SMS_DLT_TEMPLATE_ID ?? 'dev-template';
  const provider = env.SMS_PROVIDER ?? 'file';
  const statusMessages = statusMessagesOn(env.SMS_STATUS_MESSAGES);
  const templates = { templateId, statusMessages, statusTemplates: statusTemplates(env, provider === 'http', statusMessages) };
  if (provider === 'file') return { provider, file: env.SMS_FILE ?? path.join(dataDir, 'sms.log'), ...templates };
  if (provider !== 'http') throw new Error(`SMS_PROVIDER must be "file" or "http", not "${provider}"`);
  if (!env.SMS_GATEWAY_URL || !env.SMS_SENDER || !env.SMS_DLT_TEMPLATE_ID) throw new Error('SMS_PROVIDER=http needs SMS_GATEWAY_URL, SMS_SENDER and SMS_DLT_TEMPLATE_ID');
  return { provider, url: env.SMS_GATEWAY_URL, sender: env.SMS_SENDER, ...templates, ...(env.SMS_API_KEY ? { apiKey: env.SMS_API_KEY } : {}) };
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const databaseUrl = env.DATABASE_URL ?? 'sqlite:./data/sahej.db';
  const givenPublicUrl = explicitPublicUrl(env.PUBLIC_URL);
  const besideDatabase = databaseUrl.startsWith('sqlite:') && databaseUrl !== 'sqlite::memory:' ? path.dirname(databaseUrl.slice('sqlite:'.length)) : './data';
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    staticDir: env.SAHEJ_STATIC_DIR ?? path.join(PROJECT_ROOT, 'dist'),
    documentsDir: env.DOCUMENTS_DIR ?? path.join(besideDatabase, 'documents'),
    documentStore: env.DOCUMENT_STORE,
    publicUrl: givenPublicUrl ?? `http://localhost:${port}`,
    explicitPublicUrl: givenPublicUrl,
    sms: smsConfig(env, besideDatabase),
    rateLimits: {
      enroll: parseRateLimit(env.RATE_LIMIT_ENROLL, DEFAULT_RATE_LIMITS.enroll, 'RATE_LIMIT_ENROLL'),
      login: parseRateLimit(env.RATE_LIMIT_LOGIN, DEFAULT_RATE_LIMITS.login, 'RATE_LIMIT_LOGIN'),
      otp: parseRateLimit(env.RATE_LIMIT_OTP, DEFAULT_RATE_LIMITS.otp, 'RATE_LIMIT_OTP'),
      receipts: parseRateLimit(env.RATE_LIMIT_RECEIPTS, DEFAULT_RATE_LIMITS.receipts, 'RATE_LIMIT_RECEIPTS'),
    },
    rateLimitStore: parseRateLimitStore(env.RATE_LIMIT_STORE),
    trustProxy: trustProxyConfig(env.TRUST_PROXY),
    uploads: uploadLimits(env),
    timeZone: timeZoneConfig(env.TIME_ZONE),
    prepareWorkers: prepareWorkersConfig(env.PREPARE_WORKERS),
  };
}
