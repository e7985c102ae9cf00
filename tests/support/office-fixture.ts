import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/schema';
import { createUser } from '../../server/services/users';

export const OFFICER_PASSWORD = 'correct horse battery';

/** A clock a test moves by hand: the server's office routes and services read it. */
export function testClock(start = new Date()) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advanceDays(days: number) {
      now += days * 24 * 60 * 60 * 1000;
    },
    advanceMs(ms: number) {
      now += ms;
    },
  };
}

/** Creates a console user and signs in; returns the session cookie to send as `cookie`. */
export async function signedInOfficer(app: FastifyInstance, db: Kysely<DB>, input: { username: string; role: 'officer' | 'admin'; office?: string }): Promise<string> {
  await createUser(db, { ...input, password: OFFICER_PASSWORD });
  return signIn(app, input.username);
}

/** Signs in again (a session lasts 12 hours of the server's clock). */
export async function signIn(app: FastifyInstance, username: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/office/login', payload: { username, password: OFFICER_PASSWORD } });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  const cookie = [response.headers['set-cookie']].flat()[0]!;
  return cookie.split(';')[0]!;
}

/** Files an envelope as the fixture's own device would, expecting it taken (201); the tests of the office's moves start from one. */
export async function fileAsDevice(fx: { app: FastifyInstance; device: { token: string } }, envelope: { id: string }): Promise<{ id: string; applicationNo: string }> {
  const response = await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, headers: { authorization: `Bearer ${fx.device.token}` }, payload: envelope });
  if (response.statusCode !== 201) throw new Error(`filing refused: ${response.statusCode} ${response.body}`);
  return response.json() as { id: string; applicationNo: string };
}
