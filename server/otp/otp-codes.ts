import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Six digits, uniformly random. */
export function newOtpCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** The token in a verification link: 128 random bits, unguessable where six digits are not. */
export function newLinkToken(): string {
  return randomBytes(16).toString('base64url');
}

/** Codes are kept only as a hash salted with their challenge's id, so equal codes never look alike. */
export function hashOtp(challengeId: string, secret: string): string {
  return createHash('sha256').update(`${challengeId}:${secret}`).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The verification link an SMS carries: the app's /V/ page with the token in the fragment, never sent to a server log. */
export function verificationLink(publicUrl: string, token: string): string {
  return `${publicUrl}/V/#${token}`;
}
