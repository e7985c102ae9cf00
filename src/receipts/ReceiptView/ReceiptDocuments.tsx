import { useApp } from '../../ui/app-context';
import { useLiveQuery } from '../../ui/use-live-query';
import { DocumentGallery } from '../../ui/documents/DocumentGallery';
import { listDocuments } from '../../store/documents';

/** The filing's documents as kept on this device, so the operator can see what was sent. */
export function ReceiptDocuments({ filingId }: { filingId: string }) {
  const { db } = useApp();
  const documents = useLiveQuery(() => listDocuments(db, filingId), [filingId]) ?? [];
  return documents.length ? <DocumentGallery documents={documents} testId="receipt-documents" /> : null;
}
