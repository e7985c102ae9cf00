import { contentHash, type TextDigest } from '../content-hash';
import { validateEnvelope, type Envelope } from '../envelope';
import { parseDeviceId, parseReceiptNo } from '../receipt-number';
import { verifySignature } from './ecdsa';
import type { ReceiptProof } from './proof';
import { certificateStatement, deviceStatement, serverStatement } from './statements';

/** What a verifier trusts: the server's public keys (by id) and the devices it revoked. */
export interface TrustedKeys {
  serverKeys: { keyId: string; publicKey: string }[];
  revokedDevices: { deviceId: string; revokedAt: string }[];
}

export type ReceiptStatus =
  /** The server vouches for the device, the device signed this exact filing. */
  | 'verified'
  /** Signed by a device the server never certified (or with a key it does not know). */
  | 'unregistered_device'
  /** Signed by a device the server has since revoked: to be looked at by a person. */
  | 'revoked_device'
  /** A signature does not match: the filing or the receipt was changed. */
  | 'bad_signature'
  /** The filing inside does not pass its own rules. */
  | 'invalid_filing';

export interface ReceiptCheck {
  status: ReceiptStatus;
  hash: string;
  envelope: Envelope;
  /** The server's confirmation checked out too. */
  confirmed: boolean;
  revokedAt?: string;
}

/**
 * Checks a receipt's proof with nothing but the trusted keys: the certificate against
 * the server's key, the device's signature against the hash of the filing recomputed
 * from its own fields, and the confirmation, if any, against the server's key.
 */
export async function checkReceiptProof(proof: ReceiptProof, keys: TrustedKeys, digest?: TextDigest): Promise<ReceiptCheck> {
  const validated = validateEnvelope(proof.envelope);
  const envelope = validated.ok ? validated.envelope : proof.envelope;
  const hash = await contentHash(envelope, digest);
  const result = (status: ReceiptStatus, extra: Partial<ReceiptCheck> = {}): ReceiptCheck => ({ status, hash, envelope, confirmed: false, ...extra });
  if (!validated.ok) return result('invalid_filing');

  const { receipt } = proof.envelope;
  const { certificate } = proof;
  const device = parseDeviceId(envelope.deviceId);
  const number = parseReceiptNo(receipt.receiptNo);
  if (!device || !number || number.office !== device.office || number.device !== device.device || certificate.office !== device.office) return result('bad_signature');

  const serverKey = keys.serverKeys.find((key) => key.keyId === certificate.keyId);
  const certified =
    !!serverKey &&
    (await verifySignature(
      serverKey.publicKey,
      certificate.signature,
      certificateStatement({ deviceId: envelope.deviceId, office: certificate.office, publicKey: certificate.publicKey, issuedAt: certificate.issuedAt }),
    ));
  if (!certified) return result('unregistered_device');

  const signed = await verifySignature(certificate.publicKey, receipt.signature, deviceStatement({ receiptNo: receipt.receiptNo, issuedAt: receipt.issuedAt, deviceId: envelope.deviceId, hash }));
  if (!signed) return result('bad_signature');

  let confirmed = false;
  if (proof.confirmation) {
    const confirmation = proof.confirmation;
    const confirmingKey = keys.serverKeys.find((key) => key.keyId === confirmation.keyId);
    confirmed =
      !!confirmingKey &&
      (await verifySignature(
        confirmingKey.publicKey,
        confirmation.signature,
        serverStatement({ receiptNo: receipt.receiptNo, applicationNo: confirmation.applicationNo, hash, receivedAt: confirmation.receivedAt }),
      ));
    if (!confirmed) return result('bad_signature');
  }

  const revoked = keys.revokedDevices.find((entry) => entry.deviceId === envelope.deviceId);
  if (revoked) return result('revoked_device', { confirmed, revokedAt: revoked.revokedAt });
  return result('verified', { confirmed });
}
