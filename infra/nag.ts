import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag (AwsSolutions) acknowledgments, kept next to the resources they are about.
 *
 * `test/infra/nag.test.ts` runs the AwsSolutions checks on both stacks and fails on any finding
 * that is not acknowledged here, so every exception is written down with its reason. Scope each
 * one to the construct it is about (never a whole stack), and IAM wildcards to the exact finding
 * (`AwsSolutions-IAM5[Action::…]` / `[Resource::…]`, see `wildcardResource`).
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * The id cdk-nag's AwsSolutions-IAM5 gives a wildcard resource in a policy statement, e.g.
 * `AwsSolutions-IAM5[Resource::<DataTableFDBAD0F2.Arn>/index/*]` for `${table.tableArn}/index/*`:
 * the value is resolved as it will be in the template and flattened the way cdk-nag flattens it
 * (references as `<LogicalId>` / `<LogicalId.Attribute>`).
 */
export function wildcardResource(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flatten(Stack.of(scope).resolve(resource))}]`;
}

/** The id cdk-nag's AwsSolutions-IAM5 gives a wildcard action, e.g. `kms:GenerateDataKey*`. */
export function wildcardAction(action: string): string {
  return `AwsSolutions-IAM5[Action::${action}]`;
}

/** cdk-nag's `flattenCfnReference`, for the shapes our policies contain. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (v['Fn::Join']) {
      const [delimiter, items] = v['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (v['Fn::Sub']) return flatten(v['Fn::Sub']);
    if (v['Fn::GetAtt']) {
      const [resource, attribute] = v['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(resource)}.${flatten(attribute)}>`;
    }
    if (v.Ref) return `<${flatten(v.Ref)}>`;
  }
  return JSON.stringify(value);
}
