import type { ValidationIssue } from '../validation-codes';
import { loadChange, type LoadChange } from './load-change';
import { nameChange, type NameChange } from './name-change';
import { newConnection, newConnectionAtCapture, type NewConnection } from './new-connection';
import { prepaidToPostpaid, type PrepaidToPostpaid } from './prepaid-to-postpaid';
import type { DocumentKind, RequestType } from './types';

export { DOCUMENT_KINDS, REQUEST_TYPES, isRequestType, type DocumentKind, type RequestType } from './types';

export interface RequestDataByType {
  new_connection: NewConnection;
  prepaid_to_postpaid: PrepaidToPostpaid;
  load_change: LoadChange;
  name_change: NameChange;
}

const noCaptureRules = (): ValidationIssue[] => [];

export interface RequestSpec<T extends RequestType> {
  schema: {
    safeParse(input: unknown): { success: true; data: RequestDataByType[T] } | { success: false; error: { issues: readonly unknown[] } };
  };
  /** Kinds that must each be present at least once before the filing can be submitted. */
  requiredDocuments: readonly DocumentKind[];
  /** Kinds the form offers for this request type. */
  documentKinds: readonly DocumentKind[];
  /** Rules judged against the day of capture (India), never the server's clock. */
  atCapture(data: RequestDataByType[T], captureDay: string): ValidationIssue[];
}

export const REQUESTS: { [T in RequestType]: RequestSpec<T> } = {
  new_connection: {
    schema: newConnection,
    requiredDocuments: ['photo', 'id_proof', 'ownership_proof'],
    documentKinds: ['photo', 'id_proof', 'ownership_proof', 'other'],
    atCapture: newConnectionAtCapture,
  },
  prepaid_to_postpaid: {
    schema: prepaidToPostpaid,
    requiredDocuments: [],
    documentKinds: ['id_proof', 'other'],
    atCapture: noCaptureRules,
  },
  load_change: {
    schema: loadChange,
    requiredDocuments: [],
    documentKinds: ['id_proof', 'other'],
    atCapture: noCaptureRules,
  },
  name_change: {
    schema: nameChange,
    requiredDocuments: ['id_proof', 'ownership_proof'],
    documentKinds: ['photo', 'id_proof', 'ownership_proof', 'other'],
    atCapture: noCaptureRules,
  },
};
