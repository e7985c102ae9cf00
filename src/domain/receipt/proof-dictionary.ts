/**
 * The preset dictionary for compressing a receipt's filing (deflate with a dictionary):
 * the JSON keys and common values every filing repeats, so the QR code carries little
 * more than what is particular to this applicant. Part of proof version 1: changing a
 * single byte of it means a new version, or old receipts stop decoding.
 */
export const PROOF_DICTIONARY_V1 = [
  '{"capturedAt":"2026-01-01T00:00:00.000Z","data":{"applicant":{"name":"","relativeName":"","relation":"father","mobile":"9',
  '","email":"","idProof":{"type":"aadhaar","last4":""}},"premises":{"line1":"","line2":"","locality":"","district":"","pin":"2',
  '","area":"urban"},"connection":{"category":"LMV-1","loadKw":1,"phase":"single","meter":"prepaid_smart"},',
  '"survey":{"preferredDates":["2026-","2026-","2026-"]},"fee":{"amount":100,"mode":"cash"},"consent":{"given":true,"noticeVersion":"2026-01"}},',
  '"documents":[{"kind":"photo","mime":"image/jpeg","size":},{"kind":"id_proof","mime":"image/jpeg","size":},{"kind":"ownership_proof","mime":"application/pdf","size":}],',
  '"deviceId":"-D0","id":"01","operatorId":"","schemaVersion":1,"type":"new_connection"}',
  '"account":{"accountNo":""},"reason":"","load":{"currentKw":,"requestedKw":},"currentOwner":{"name":""},"newOwner":{"name":"","mobile":"',
  '"transfer":{"reason":"inheritance"},"prepaid_to_postpaid","load_change","name_change","other","image/png","image/webp",',
  '"husband","mother","guardian","metro","rural","hilly_rural","LMV-2","LMV-4A","LMV-4B","LMV-5","LMV-6","LMV-9","LMV-11","three","postpaid",',
  '"voter_id","driving_licence","pan","passport","sale","gift","upi","upiRef":"',
].join('');
