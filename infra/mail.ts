import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailProps {
  /** The sending domain, verified with Easy DKIM. */
  mailDomain: string;
}

/**
 * SES v2: the domain identity mail is sent from and the configuration set every message names
 * (reputation metrics, suppression of bounces and complaints, TLS required on delivery).
 */
export class Mail extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetArn: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      // Municipal mail servers all speak TLS; a notification is better undelivered than sent in clear.
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });

    this.identity = new ses.EmailIdentity(this, 'DomainIdentity', {
      identity: ses.Identity.domain(props.mailDomain),
      configurationSet: this.configurationSet,
      dkimSigning: true,
    });

    // No hosted zone is assumed: publish these three CNAMEs in the domain's DNS to verify it.
    this.identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        description: `DKIM CNAME ${i + 1} for ${props.mailDomain}`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });
  }

  /**
   * `ses:SendEmail` (SES v2 SendEmail, simple content) on this identity and configuration set only.
   */
  grantSend(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail'],
      resourceArns: [this.identity.emailIdentityArn, this.configurationSetArn],
    });
  }
}
