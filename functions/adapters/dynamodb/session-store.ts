import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { LoginAttempt, LoginAttemptStore, Session, SessionStore } from '../../core/access/ports';
import { LOGIN_ATTEMPT_MS, SESSION_ABSOLUTE_MS } from '../../core/access/sessions';
import { keys, TTL_ATTRIBUTE } from './keys';
import { marshallOptions, type Table } from './transact';

const epochSeconds = (iso: string, plusMs: number) => Math.floor((Date.parse(iso) + plusMs) / 1000);

/**
 * Portal sessions (`SESSION#<sha256 of the cookie's id>`): the session's person, CSRF token and
 * ID token, with its time to live at the absolute expiry (DynamoDB removes it after; the use case
 * refuses it at once).
 */
export class DynamoDbSessionStore implements SessionStore {
  constructor(private readonly table: Table) {}

  async create(session: Session): Promise<void> {
    await this.table.client.send(
      new PutItemCommand({
        TableName: this.table.name,
        Item: marshall({ ...keys.session(session.idHash), type: 'session', ...session, [TTL_ATTRIBUTE]: epochSeconds(session.createdAt, SESSION_ABSOLUTE_MS) }, marshallOptions),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async find(idHash: string): Promise<Session | undefined> {
    const out = await this.table.client.send(new GetItemCommand({ TableName: this.table.name, Key: marshall(keys.session(idHash)), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const { idHash: id, email, groups, csrfToken, idToken, createdAt, lastSeenAt } = unmarshall(out.Item);
    return { idHash: id, email, ...(groups ? { groups } : {}), csrfToken, idToken, createdAt, lastSeenAt };
  }

  async touch(idHash: string, at: string): Promise<void> {
    await this.table.client
      .send(
        new UpdateItemCommand({
          TableName: this.table.name,
          Key: marshall(keys.session(idHash)),
          UpdateExpression: 'SET lastSeenAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND lastSeenAt < :at',
          ExpressionAttributeValues: marshall({ ':at': at }),
        }),
      )
      .catch((error: Error) => {
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  async remove(idHash: string): Promise<void> {
    await this.table.client.send(new DeleteItemCommand({ TableName: this.table.name, Key: marshall(keys.session(idHash)) }));
  }
}

/** Logins on their way through the identity provider (`LOGIN#<state>`), for 10 minutes. */
export class DynamoDbLoginAttemptStore implements LoginAttemptStore {
  constructor(private readonly table: Table) {}

  async save(attempt: LoginAttempt): Promise<void> {
    await this.table.client.send(
      new PutItemCommand({
        TableName: this.table.name,
        Item: marshall({ ...keys.loginAttempt(attempt.state), type: 'login_attempt', ...attempt, [TTL_ATTRIBUTE]: epochSeconds(attempt.createdAt, LOGIN_ATTEMPT_MS) }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async take(state: string): Promise<LoginAttempt | undefined> {
    const out = await this.table.client.send(
      new DeleteItemCommand({ TableName: this.table.name, Key: marshall(keys.loginAttempt(state)), ReturnValues: 'ALL_OLD' }),
    );
    if (!out.Attributes) return undefined;
    const { nonce, codeVerifier, returnTo, createdAt } = unmarshall(out.Attributes);
    return { state, nonce, codeVerifier, returnTo, createdAt };
  }
}
