import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { ApiError } from '../http-errors';
import { findSession, SESSION_MS } from '../services/sessions';
import type { Officer } from '../services/users';

/**
 * Console sessions ride in an HttpOnly, SameSite=Strict cookie: scripts cannot read it and
 * no other site can send it. Device tokens (Authorization: Bearer) are not sessions, so an
 * operator's device can never reach an office route.
 */
export const SESSION_COOKIE = 'sahej_session';

export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  return header ? parseCookies(header)[SESSION_COOKIE] : undefined;
}

export async function requireOfficer(db: Kysely<DB>, request: FastifyRequest, now = new Date()): Promise<Officer> {
  const token = sessionTokenOf(request);
  const officer = token ? await findSession(db, token, now) : undefined;
  if (!officer) throw new ApiError('unauthorized');
  return officer;
}

/** 403 unless the officer may act for this office (an admin may act for any). */
export function assertOffice(officer: Officer, office: string): void {
  if (officer.role !== 'admin' && officer.officeCode !== office) throw new ApiError('forbidden', { office });
}

/** The offices a query is limited to: the officer's own, or (for an admin) the one asked for, or all. */
export function officeScope(officer: Officer, asked: string | undefined): string | undefined {
  if (asked) {
    assertOffice(officer, asked);
    return asked;
  }
  return officer.role === 'admin' ? undefined : officer.officeCode!;
}

/**
 * Secure (never sent over plain HTTP) when the server's public address is https, or when
 * this request came over TLS — directly, or through a proxy the server trusts
 * (TRUST_PROXY, X-Forwarded-Proto). A server reached only over plain HTTP on a LAN keeps
 * a cookie the browser will store.
 */
export function cookieIsSecure(request: FastifyRequest, publicUrl: string | undefined): boolean {
  return publicUrl?.toLowerCase().startsWith('https:') === true || request.protocol === 'https';
}

export function setSessionCookie(reply: FastifyReply, request: FastifyRequest, token: string, publicUrl: string | undefined): void {
  reply.header('set-cookie', serializeCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure: cookieIsSecure(request, publicUrl), maxAge: SESSION_MS / 1000 }));
}

export function clearSessionCookie(reply: FastifyReply, request: FastifyRequest, publicUrl: string | undefined): void {
  reply.header('set-cookie', serializeCookie(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', path: '/', secure: cookieIsSecure(request, publicUrl), maxAge: 0 }));
}
