import { createHash } from 'node:crypto';
import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { CHANNELS } from '../../../shared/messages';
import type { PreparedWrite } from '../../core/kernel/transaction';
import {
  AttachmentUnavailableError,
  NoticeChangedError,
  type ChannelCounts,
  type MessageStore,
  type Receipt,
  type StoredAttachment,
  type StoredMessage,
} from '../../core/messages/ports';
import { ATTACHMENT_SK_PREFIX, keys, MESSAGE_SK_PREFIX, RECEIPT_SK_PREFIX, type ItemKey } from './keys';
import { caseNotPurged } from './purge-store';
import { queryAll } from './query-all';
import { DynamoDbTransactor, marshallOptions, prepared, putNew, type Table } from './transact';

/** A person's or an address's key part: hashed, so the keys hold no address. */
const hashOf = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);

const ignoreConditionFailed = (error: unknown) => {
  if (!(error instanceof ConditionalCheckFailedException)) throw error;
};

/**
 * The case's messages and what hangs on them, in the case's partition: `MESSAGE#<ulid>` (sealed
 * text, sender, files), `ATTACHMENT#<id>` (a file's state and sealed name; the file itself is in
 * object storage), `RECEIPT#<message or file>#<reader>` (first read or download), `SEEN#<person>`
 * (how many of each conversation they have seen: the lists' unread counts) and
 * `NOTICE#<address>` (the last notice mailed, for the 15-minute rule).
 */
export class DynamoDbMessageStore implements MessageStore {
  constructor(private readonly table: Table) {}

  post(message: StoredMessage): PreparedWrite {
    const { caseId, id, sender, attachmentIds } = message;
    return prepared([
      putNew(this.table, { ...keys.message(caseId, id), type: 'message', ...message }),
      ...attachmentIds.map((attachmentId) => ({
        item: {
          Update: {
            TableName: this.table.name,
            Key: marshall(keys.attachment(caseId, attachmentId)),
            UpdateExpression: 'SET messageId = :message',
            ConditionExpression: '#status = :ready AND uploadedBy = :by AND attribute_not_exists(messageId)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: marshall({ ':message': id, ':ready': 'ready', ':by': sender.email }),
          },
        },
        onConditionFailed: () => new AttachmentUnavailableError(),
      })),
      {
        item: {
          Update: {
            TableName: this.table.name,
            Key: marshall(keys.seen(caseId, hashOf(sender.email))),
            UpdateExpression: 'SET #type = :type ADD #channel :one',
            ExpressionAttributeNames: { '#type': 'type', '#channel': message.channel },
            ExpressionAttributeValues: marshall({ ':type': 'seen', ':one': 1 }),
          },
        },
      },
    ]);
  }

  async thread(caseId: string) {
    const [messages, attachments, receipts] = await Promise.all([MESSAGE_SK_PREFIX, ATTACHMENT_SK_PREFIX, RECEIPT_SK_PREFIX].map((prefix) => this.query(caseId, prefix)));
    return {
      messages: messages.map(({ pk: _pk, sk: _sk, type: _type, ...m }) => m as StoredMessage),
      attachments: attachments.map(({ pk: _pk, sk: _sk, type: _type, ...a }) => a as StoredAttachment),
      receipts: receipts.map(({ pk: _pk, sk: _sk, type: _type, ...r }) => r as Receipt),
    };
  }

  private async query(caseId: string, prefix: string): Promise<Record<string, any>[]> {
    return queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: marshall({ ':pk': keys.case(caseId).pk, ':prefix': prefix }),
      ConsistentRead: true,
    });
  }

  async recordReceipts(receipts: readonly Receipt[]): Promise<void> {
    await Promise.all(
      receipts.map((receipt) =>
        this.table.client
          .send(
            new PutItemCommand({
              TableName: this.table.name,
              Item: marshall({ ...keys.receipt(receipt.caseId, receipt.subjectId, hashOf(receipt.email)), type: 'receipt', ...receipt }, marshallOptions),
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          )
          .catch(ignoreConditionFailed),
      ),
    );
  }

  async seen(email: string, caseIds: readonly string[]): Promise<Record<string, ChannelCounts>> {
    const hash = hashOf(email);
    const found = await this.batchGet(caseIds.map((caseId) => keys.seen(caseId, hash)));
    const out: Record<string, ChannelCounts> = {};
    caseIds.forEach((caseId) => {
      const item = found.get(JSON.stringify(keys.seen(caseId, hash)));
      out[caseId] = { conversation: Number(item?.conversation ?? 0), internal: Number(item?.internal ?? 0) };
    });
    return out;
  }

  async markSeen(caseId: string, email: string, counts: ChannelCounts): Promise<void> {
    const key = marshall(keys.seen(caseId, hashOf(email)));
    await Promise.all(
      CHANNELS.filter((channel) => counts[channel] > 0).map((channel) =>
        this.table.client
          .send(
            new UpdateItemCommand({
              TableName: this.table.name,
              Key: key,
              UpdateExpression: 'SET #type = :type, #channel = :n',
              // Never lowers it: a message sent while this person read stays unread.
              ConditionExpression: 'attribute_not_exists(#channel) OR #channel < :n',
              ExpressionAttributeNames: { '#type': 'type', '#channel': channel },
              ExpressionAttributeValues: marshall({ ':type': 'seen', ':n': counts[channel] }),
            }),
          )
          .catch(ignoreConditionFailed),
      ),
    );
  }

  async createAttachment(attachment: StoredAttachment): Promise<void> {
    await new DynamoDbTransactor(this.table).commit([
      prepared([caseNotPurged(this.table, attachment.caseId), putNew(this.table, { ...keys.attachment(attachment.caseId, attachment.id), type: 'attachment', ...attachment })]),
    ]);
  }

  async findAttachment(caseId: string, id: string): Promise<StoredAttachment | undefined> {
    const out = await this.table.client.send(new GetItemCommand({ TableName: this.table.name, Key: marshall(keys.attachment(caseId, id)), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, type: _type, ...attachment } = unmarshall(out.Item);
    return attachment as StoredAttachment;
  }

  async markAttachmentReady(caseId: string, id: string, contentType: string): Promise<void> {
    await this.table.client.send(
      new UpdateItemCommand({
        TableName: this.table.name,
        Key: marshall(keys.attachment(caseId, id)),
        UpdateExpression: 'SET #status = :ready, contentType = :type',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: marshall({ ':ready': 'ready', ':pending': 'pending', ':type': contentType }),
      }),
    );
  }

  async removeAttachment(caseId: string, id: string): Promise<void> {
    await this.table.client.send(new DeleteItemCommand({ TableName: this.table.name, Key: marshall(keys.attachment(caseId, id)) }));
  }

  async lastNotices(caseId: string, addresses: readonly string[]): Promise<Record<string, string>> {
    const found = await this.batchGet(addresses.map((a) => keys.messageNotice(caseId, hashOf(a))));
    const out: Record<string, string> = {};
    for (const address of addresses) {
      const item = found.get(JSON.stringify(keys.messageNotice(caseId, hashOf(address))));
      if (item?.lastNoticeAt) out[address] = item.lastNoticeAt;
    }
    return out;
  }

  recordNotice({ caseId, address, at, previous }: { caseId: string; address: string; at: string; previous?: string }): PreparedWrite {
    return prepared([
      {
        item: {
          Put: {
            TableName: this.table.name,
            Item: marshall({ ...keys.messageNotice(caseId, hashOf(address)), type: 'message_notice', lastNoticeAt: at }),
            ConditionExpression: previous ? 'lastNoticeAt = :previous' : 'attribute_not_exists(pk)',
            ...(previous ? { ExpressionAttributeValues: marshall({ ':previous': previous }) } : {}),
          },
        },
        onConditionFailed: () => new NoticeChangedError(),
      },
    ]);
  }

  /** Items by key, 100 to a request, unprocessed keys asked again; keyed by their JSON key. */
  private async batchGet(wanted: ItemKey[]): Promise<Map<string, Record<string, any>>> {
    const found = new Map<string, Record<string, any>>();
    const chunks: ItemKey[][] = [];
    for (let i = 0; i < wanted.length; i += 100) chunks.push(wanted.slice(i, i + 100));
    await Promise.all(
      chunks.map(async (chunk) => {
        let pending: Record<string, AttributeValue>[] = chunk.map((k) => marshall(k));
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
          const out = await this.table.client.send(new BatchGetItemCommand({ RequestItems: { [this.table.name]: { Keys: pending, ConsistentRead: true } } }));
          for (const item of out.Responses?.[this.table.name] ?? []) {
            const { pk, sk, ...rest } = unmarshall(item);
            found.set(JSON.stringify({ pk, sk }), rest);
          }
          pending = (out.UnprocessedKeys?.[this.table.name]?.Keys ?? []) as Record<string, AttributeValue>[];
        }
      }),
    );
    return found;
  }
}
