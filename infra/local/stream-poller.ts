import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { localClient } from './dynamodb-local';
import { lambdaContext } from './lambda-context';

type StreamHandler = (event: DynamoDBStreamEvent, context: ReturnType<typeof lambdaContext>) => Promise<DynamoDBBatchResponse | void>;

export interface StreamPollerOptions {
  endpoint: string;
  tableName: string;
  functionName: string;
  handler: StreamHandler;
  /** Which records the function receives (the event source mapping's filter). */
  filter: (record: DynamoDBRecord) => boolean;
  batchSize?: number;
  pollMs?: number;
  /** Retries of a failed record before it is reported as dead-lettered. */
  maxRetries?: number;
  log?: (line: string) => void;
}

/**
 * Plays the part of Lambda's event source mapping locally: reads the table's stream from DynamoDB
 * Local and hands the same `DynamoDBStreamEvent` batches to the same handler, retrying the
 * records a batch reports as failed with backoff.
 */
export function startStreamPoller(options: StreamPollerOptions): { stop(): Promise<void>; idle(): Promise<void> } {
  const batchSize = options.batchSize ?? 10;
  const pollMs = options.pollMs ?? 100;
  const maxRetries = options.maxRetries ?? 5;
  const log = options.log ?? (() => {});
  const streams = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: process.env.AWS_REGION ?? 'eu-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const iterators = new Map<string, string | null>();
  let streamArn: string | undefined;
  let running = true;
  let lastShardRefresh = 0;
  let waiters: (() => void)[] = [];

  const refreshShards = async () => {
    if (!streamArn) {
      const db = localClient(options.endpoint);
      const table = await db.send(new DescribeTableCommand({ TableName: options.tableName }));
      db.destroy();
      streamArn = table.Table?.LatestStreamArn;
      if (!streamArn) throw new Error(`Table ${options.tableName} has no stream`);
    }
    const described = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of described.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      const it = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      iterators.set(shard.ShardId, it.ShardIterator ?? null);
    }
    lastShardRefresh = Date.now();
  };

  const deliver = async (records: DynamoDBRecord[]) => {
    let pending = records;
    for (let attempt = 0; pending.length > 0; attempt++) {
      let failedIds: Set<string>;
      try {
        const response = await options.handler({ Records: pending }, lambdaContext(options.functionName));
        failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (error) {
        log(`${options.functionName}: batch failed (${(error as Error).name}); retrying`);
        failedIds = new Set(pending.map((r) => r.dynamodb?.SequenceNumber ?? ''));
      }
      pending = pending.filter((r) => failedIds.has(r.dynamodb?.SequenceNumber ?? ''));
      if (pending.length === 0) return;
      if (attempt >= maxRetries) {
        log(`${options.functionName}: ${pending.length} record(s) dead-lettered after ${maxRetries} retries`);
        return;
      }
      await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** attempt, 5_000)));
    }
  };

  const pollOnce = async (): Promise<boolean> => {
    if (Date.now() - lastShardRefresh > 2_000) await refreshShards();
    let delivered = false;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      iterators.set(shardId, out.NextShardIterator ?? null);
      const records = (out.Records ?? []).map((r) => toLambdaRecord(r, streamArn!)).filter(options.filter);
      for (let i = 0; i < records.length; i += batchSize) {
        await deliver(records.slice(i, i + batchSize));
        delivered = true;
      }
      if ((out.Records ?? []).length > 0) delivered = true;
    }
    return delivered;
  };

  const loop = (async () => {
    while (running) {
      let more = false;
      try {
        more = await pollOnce();
      } catch (error) {
        if (running) log(`${options.functionName}: stream read failed (${(error as Error).message})`);
      }
      if (!more) {
        const w = waiters;
        waiters = [];
        w.forEach((resolve) => resolve());
        await new Promise((r) => setTimeout(r, pollMs));
      }
    }
  })();

  return {
    async stop() {
      running = false;
      await loop;
      streams.destroy();
    },
    /** Resolves after a poll that found nothing new: everything written so far was handled. */
    idle() {
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

function toLambdaRecord(record: _Record, eventSourceARN: string): DynamoDBRecord {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? 'eu-north-1',
    eventSourceARN,
    dynamodb: {
      ...(record.dynamodb as DynamoDBRecord['dynamodb']),
      ApproximateCreationDateTime: created ? Math.floor(new Date(created).getTime() / 1000) : undefined,
    },
  };
}
