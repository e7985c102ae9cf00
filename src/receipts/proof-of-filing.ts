import { encodeReceiptProof, receiptLink, type ReceiptProof } from '../domain/receipt/proof';
import type { DeviceRecord, Filing } from '../store/types';

/** The proof a filing's receipt carries, or undefined while the device has no certificate or the receipt no signature. */
export function proofOf(filing: Filing, device: DeviceRecord): ReceiptProof | undefined {
  const receipt = filing.envelope.receipt;
  if (!device.certificate || !receipt?.signature) return undefined;
  return {
    envelope: { ...filing.envelope, receipt: { receiptNo: receipt.receiptNo, issuedAt: receipt.issuedAt, signature: receipt.signature } },
    certificate: device.certificate,
    ...(filing.confirmation ? { confirmation: filing.confirmation } : {}),
  };
}

/** The text of the receipt's QR code: a link to /r/ on this server with the proof after the #. */
export async function receiptQrText(filing: Filing, device: DeviceRecord, origin = location.origin): Promise<string | undefined> {
  const proof = proofOf(filing, device);
  return proof ? receiptLink(origin, await encodeReceiptProof(proof)) : undefined;
}
