/**
 * The device's signing key, made once at enrollment. The private half is created
 * non-extractable: it can sign receipts on this device and can never be read out,
 * not even by the app. The public half goes to the server at enrollment.
 */
export async function generateDeviceKeyPair(): Promise<{ keyPair: CryptoKeyPair; publicKeyJwk: JsonWebKey }> {
  const keyPair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const publicKeyJwk = await crypto.subtle.exportKey('jwk', keyPair.publicKey);
  return { keyPair, publicKeyJwk };
}
