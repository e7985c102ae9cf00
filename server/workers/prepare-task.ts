import { prepareEnvelope, type Prepared } from '../services/applications';

/** One request's envelopes, as a worker receives them. */
export interface PrepareTask {
  bodies: unknown[];
  sender: { deviceId: string; officeCode: string; actor: string };
  /** The id in a single PUT's address, which the envelope must carry. */
  pathId?: string;
}

/** Validates and hashes each envelope of a request: the same function with or without workers. */
export async function prepare({ bodies, sender, pathId }: PrepareTask): Promise<Prepared[]> {
  return Promise.all(bodies.map((body) => prepareEnvelope(body, sender, pathId)));
}
