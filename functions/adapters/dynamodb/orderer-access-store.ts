import { ConditionalCheckFailedException, DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { OrdererCode, OrdererCodeStore, OrdererSession, OrdererSessionStore, RateWindows } from '../../core/access/ports';
import { ORDERER_SESSION_MS } from '../../core/access/orderer-access';
import { keys, TTL_ATTRIBUTE } from './keys';
import { caseNotPurged } from './purge-store';
import { DynamoDbTransactor, prepared, putNew, type Table } from './transact';

const epochSeconds = (iso: string, plusMs = 0) => Math.floor((Date.parse(iso) + plusMs) / 1000);

/** The orderer's one-time code (`ORDERERCODE#<case>`): one per case, gone by TTL after it expires. */
export class DynamoDbOrdererCodeStore implements OrdererCodeStore {
  constructor(private readonly table: Table) {}

  async save(code: OrdererCode): Promise<void> {
    // The code's own expiry is kept as `codeExpiresAt`: `expiresAt` is the table's TTL attribute (epoch seconds).
    const { expiresAt, ...rest } = code;
    await this.table.client.send(
      new PutItemCommand({
        TableName: this.table.name,
        Item: marshall({ ...keys.ordererCode(code.caseId), type: 'orderer_code', ...rest, codeExpiresAt: expiresAt, [TTL_ATTRIBUTE]: epochSeconds(expiresAt) }),
      }),
    );
  }

  async find(caseId: string): Promise<OrdererCode | undefined> {
    const out = await this.table.client.send(new GetItemCommand({ TableName: this.table.name, Key: marshall(keys.ordererCode(caseId)), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const { email, codeHash, salt, sentAt, codeExpiresAt, attempts } = unmarshall(out.Item);
    return { caseId, email, codeHash, salt, sentAt, expiresAt: codeExpiresAt, attempts };
  }

  async countWrongGuess(caseId: string, codeHash: string): Promise<number | undefined> {
    try {
      const out = await this.table.client.send(
        new UpdateItemCommand({
          TableName: this.table.name,
          Key: marshall(keys.ordererCode(caseId)),
          UpdateExpression: 'ADD attempts :one',
          ConditionExpression: 'codeHash = :hash',
          ExpressionAttributeValues: marshall({ ':one': 1, ':hash': codeHash }),
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(unmarshall(out.Attributes!).attempts);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async consume(caseId: string, codeHash: string, maxAttempts: number): Promise<boolean> {
    try {
      await this.table.client.send(
        new DeleteItemCommand({
          TableName: this.table.name,
          Key: marshall(keys.ordererCode(caseId)),
          ConditionExpression: 'codeHash = :hash AND attempts < :max',
          ExpressionAttributeValues: marshall({ ':hash': codeHash, ':max': maxAttempts }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

/** Orderers' sessions (`ORDERERSESSION#<sha256 of the cookie's id>`), one case each, 30 minutes. */
export class DynamoDbOrdererSessionStore implements OrdererSessionStore {
  constructor(private readonly table: Table) {}

  /** The session, and a pointer to it in its case's partition (the purge deletes both); refused for a purged case. */
  async create(session: OrdererSession): Promise<void> {
    const ttl = { [TTL_ATTRIBUTE]: epochSeconds(session.createdAt, ORDERER_SESSION_MS) };
    await new DynamoDbTransactor(this.table).commit([
      prepared([
        caseNotPurged(this.table, session.caseId),
        putNew(this.table, { ...keys.ordererSession(session.idHash), type: 'orderer_session', ...session, ...ttl }),
        putNew(this.table, { ...keys.ordererSessionOfCase(session.caseId, session.idHash), type: 'orderer_session_pointer', createdAt: session.createdAt, ...ttl }),
      ]),
    ]);
  }

  async find(idHash: string): Promise<OrdererSession | undefined> {
    const out = await this.table.client.send(new GetItemCommand({ TableName: this.table.name, Key: marshall(keys.ordererSession(idHash)), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const { caseId, email, csrfToken, createdAt } = unmarshall(out.Item);
    return { idHash, caseId, email, csrfToken, createdAt };
  }

  async remove(idHash: string): Promise<void> {
    await this.table.client.send(new DeleteItemCommand({ TableName: this.table.name, Key: marshall(keys.ordererSession(idHash)) }));
  }
}

/** Fixed windows (`RATE#<name>`, one item per window), each gone by TTL two windows after it ended. */
export class DynamoDbRateWindows implements RateWindows {
  constructor(private readonly table: Table) {}

  private windowOf(windowMs: number, now: Date) {
    const start = Math.floor(now.getTime() / windowMs) * windowMs;
    return { start: new Date(start).toISOString(), expires: Math.floor((start + 3 * windowMs) / 1000) };
  }

  async hit(name: string, windowMs: number, now: Date): Promise<number> {
    const { start, expires } = this.windowOf(windowMs, now);
    const out = await this.table.client.send(
      new UpdateItemCommand({
        TableName: this.table.name,
        Key: marshall(keys.rateWindow(name, start)),
        UpdateExpression: 'SET #type = :type, #ttl = :ttl ADD hits :one',
        ExpressionAttributeNames: { '#type': 'type', '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: marshall({ ':type': 'rate_window', ':ttl': expires, ':one': 1 }),
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(unmarshall(out.Attributes!).hits);
  }

  async count(name: string, windowMs: number, now: Date): Promise<number> {
    const { start } = this.windowOf(windowMs, now);
    const out = await this.table.client.send(new GetItemCommand({ TableName: this.table.name, Key: marshall(keys.rateWindow(name, start)), ConsistentRead: true }));
    return out.Item ? Number(unmarshall(out.Item).hits ?? 0) : 0;
  }
}
