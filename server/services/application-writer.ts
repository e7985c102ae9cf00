import type { Kysely } from 'kysely';
import { GroupCommit } from '../db/group-commit';
import type { DB } from '../db/schema';
import type { ServerKeys, Signature } from '../keys/server-keys';
import { storeEnvelopes, type PreparedEnvelope, type StoreOutcome } from './applications';

/** The one way applications are written: grouped into as few durable commits as the load allows. */
export class ApplicationWriter {
  private readonly group: GroupCommit<PreparedEnvelope, StoreOutcome>;
  private sign: ((data: Uint8Array) => Signature) | undefined;

  constructor(
    db: Kysely<DB>,
    private readonly keys: ServerKeys,
    now: () => Date = () => new Date(),
  ) {
    this.group = new GroupCommit(db, (trx, items, at) => storeEnvelopes(trx, items, at, this.sign!), undefined, now);
  }

  async store(items: PreparedEnvelope[]): Promise<StoreOutcome[]> {
    // Load the signing key before any transaction needs it.
    this.sign ??= await this.keys.signer();
    return this.group.submit(items);
  }
}
