import { ConditionalCheckFailedException, DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { JobLocks } from '../../core/kernel/job-lock';
import { keys, TTL_ATTRIBUTE } from './keys';
import type { Table } from './transact';

/** A job's lease as one item, taken with a condition: nobody holds it, or its holder's time is up. */
export class DynamoDbJobLocks implements JobLocks {
  constructor(private readonly table: Table) {}

  async acquire(job: string, holder: string, now: Date, until: Date): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutItemCommand({
          TableName: this.table.name,
          Item: marshall({ ...keys.jobLock(job), type: 'job_lock', holder, until: until.toISOString(), [TTL_ATTRIBUTE]: Math.ceil(until.getTime() / 1000) + 86_400 }),
          ConditionExpression: 'attribute_not_exists(pk) OR #until < :now',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: marshall({ ':now': now.toISOString() }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async release(job: string, holder: string): Promise<void> {
    try {
      await this.table.client.send(
        new DeleteItemCommand({
          TableName: this.table.name,
          Key: marshall(keys.jobLock(job)),
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: marshall({ ':holder': holder }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
