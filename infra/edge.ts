import { Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { API_RATE_LIMIT_WINDOW_SECONDS, RATE_LIMITED_ERROR } from '../functions/http/limits';

export interface EdgeStackProps extends StackProps {
  /** Requests to `/api/` allowed per client IP in any 5-minute window. */
  apiRateLimit: number;
}

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

const managedRuleGroup = (
  name: string,
  priority: number,
  ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[],
): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ruleActionOverrides } },
  visibilityConfig: visibility(name),
});

/**
 * What must live in us-east-1 for CloudFront: the WAF web ACL (scope CLOUDFRONT). The main stack
 * in eu-north-1 reads its ARN through a cross-region reference (see `buildApp`).
 */
export class EdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'Vistelse: rate limit on /api/ and AWS managed protections',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('VistelseWebAcl'),
      customResponseBodies: {
        TooManyRequests: {
          contentType: 'APPLICATION_JSON',
          // The same body as the functions' own rate limit answers with.
          content: JSON.stringify({ error: RATE_LIMITED_ERROR }),
        },
      },
      rules: [
        {
          name: 'ApiRateLimitPerIp',
          priority: 0,
          action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'TooManyRequests' } } },
          statement: {
            rateBasedStatement: {
              limit: props.apiRateLimit,
              evaluationWindowSec: API_RATE_LIMIT_WINDOW_SECONDS,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: '/api/',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          visibilityConfig: visibility('ApiRateLimitPerIp'),
        },
        managedRuleGroup('AWSManagedRulesAmazonIpReputationList', 1),
        // The order form's JSON can exceed the common rule set's 8 KB body limit (ten insatser
        // with long free text); the handler enforces its own limit, so that rule only counts.
        managedRuleGroup('AWSManagedRulesCommonRuleSet', 2, [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
        managedRuleGroup('AWSManagedRulesKnownBadInputsRuleSet', 3),
      ],
    });
  }
}
