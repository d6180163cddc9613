import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { tableDefinition, TTL_ATTRIBUTE } from '../functions/adapters/dynamodb/table-definition';

/**
 * The one table (single-table design) and the customer-managed key that encrypts it.
 *
 * `dynamodb.Table` (AWS::DynamoDB::Table) rather than `TableV2` (AWS::DynamoDB::GlobalTable):
 * the data is meant to stay in one region (Stockholm), so the global-table resource's replica
 * model buys nothing, and the plain resource is what the local stack's `tableDefinition`
 * mirrors. Keys and stream match `functions/adapters/dynamodb/table-definition.ts` (a test checks it);
 * its global secondary indexes are taken from there, so the two cannot drift apart.
 */
export class Data extends Construct {
  readonly table: dynamodb.Table;
  readonly key: kms.Key;
  /**
   * The key of the personal-data vault (`functions/adapters/encryption-sdk-vault.ts`): it wraps
   * the data key of each sealed field, on top of the table's own encryption. Only the functions
   * that seal or open personal data may use it (`infra/permissions.ts`).
   */
  readonly personalDataKey: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.key = new kms.Key(this, 'TableKey', {
      description: 'Vistelse: encrypts the table, its stream and backups (personal data)',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.key.addAlias('alias/vistelse/table');

    this.personalDataKey = new kms.Key(this, 'PersonalDataKey', {
      description: 'Vistelse: wraps the data keys of the personal data sealed field by field (AWS Encryption SDK)',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.personalDataKey.addAlias('alias/vistelse/personal-data');

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: TTL_ATTRIBUTE,
    });

    const local = tableDefinition('any');
    const typeOf = (name: string): dynamodb.AttributeType => {
      const type = local.AttributeDefinitions?.find((a) => a.AttributeName === name)?.AttributeType;
      if (type === 'S') return dynamodb.AttributeType.STRING;
      if (type === 'N') return dynamodb.AttributeType.NUMBER;
      if (type === 'B') return dynamodb.AttributeType.BINARY;
      throw new Error(`table-definition.ts: no attribute definition for index key "${name}"`);
    };
    for (const index of local.GlobalSecondaryIndexes ?? []) {
      const hash = index.KeySchema?.find((k) => k.KeyType === 'HASH')?.AttributeName;
      const range = index.KeySchema?.find((k) => k.KeyType === 'RANGE')?.AttributeName;
      if (!index.IndexName || !hash) throw new Error('table-definition.ts: an index without a name or partition key');
      const projection = index.Projection?.ProjectionType ?? 'ALL';
      this.table.addGlobalSecondaryIndex({
        indexName: index.IndexName,
        partitionKey: { name: hash, type: typeOf(hash) },
        ...(range ? { sortKey: { name: range, type: typeOf(range) } } : {}),
        projectionType:
          projection === 'KEYS_ONLY'
            ? dynamodb.ProjectionType.KEYS_ONLY
            : projection === 'INCLUDE'
              ? dynamodb.ProjectionType.INCLUDE
              : dynamodb.ProjectionType.ALL,
        ...(projection === 'INCLUDE' ? { nonKeyAttributes: index.Projection?.NonKeyAttributes ?? [] } : {}),
      });
    }
  }
}
