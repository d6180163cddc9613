import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLE_LABELS, type Role } from '../functions/core/access/principals';

export interface StaffLoginProps {
  /** The portal's public base URL: where the callback and the logout land. */
  publicBaseUrl: string;
  /** The municipality's own identity provider (SAML 2.0), offered beside Cognito's own users. */
  federation?: { providerName: string; samlMetadataUrl: string };
}

/** The SAML claims (as AD FS and Entra ID send them) the federated person's address and name come from. */
export const SAML_CLAIMS = {
  email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
} as const;

/**
 * Staff login in AWS: a Cognito user pool — MFA required, one group per role (the ID token's
 * `cognito:groups` must hold the person's configured role), no self sign-up — with the portal as
 * an OpenID Connect client (authorization code with PKCE, exchanged by the functions). The
 * municipality's own identity provider is federated by SAML 2.0 when the settings name its metadata
 * (`-c staffSamlMetadataUrl=…`): its people log in there — with its MFA — and take the role our
 * configuration gives their address (the functions see Cognito's `identities` claim). The
 * portal's code stays the same: it speaks OIDC to Cognito as it does to the local provider.
 */
export class StaffLogin extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** The OIDC issuer the functions discover (`OIDC_ISSUER`). */
  readonly issuer: string;
  /** Cognito's logout endpoint (`OIDC_LOGOUT_ENDPOINT`): its discovery names none. */
  readonly logoutEndpoint: string;

  constructor(scope: Construct, id: string, props: StaffLoginProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: 'vistelse-staff',
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      // Mutable, because a federated person's attributes are written at every login (Cognito refuses
      // to map onto an immutable one, and mutability can't change after creation); a changed address
      // counts only once verified, and the portal's client has no scope to change attributes.
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: true, mutable: true } },
      keepOriginal: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 14, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of Object.keys(ROLE_LABELS) as Role[]) {
      new cognito.UserPoolGroup(this, `Group-${role}`, { userPool: this.userPool, groupName: role, description: ROLE_LABELS[role] });
    }
    const domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: `vistelse-${stack.account}` }, managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN });
    const identityProviders = [cognito.UserPoolClientIdentityProvider.COGNITO];
    let municipality: cognito.UserPoolIdentityProviderSaml | undefined;
    if (props.federation) {
      municipality = new cognito.UserPoolIdentityProviderSaml(this, 'MunicipalityIdP', {
        userPool: this.userPool,
        name: props.federation.providerName,
        metadata: cognito.UserPoolIdentityProviderSamlMetadata.url(props.federation.samlMetadataUrl),
        attributeMapping: { email: cognito.ProviderAttribute.other(SAML_CLAIMS.email), fullname: cognito.ProviderAttribute.other(SAML_CLAIMS.name) },
        idpSignout: true,
      });
      identityProviders.push(cognito.UserPoolClientIdentityProvider.custom(municipality.providerName));
    }
    this.client = this.userPool.addClient('Portal', {
      userPoolClientName: 'vistelse-portal',
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${props.publicBaseUrl}/api/auth/callback`],
        logoutUrls: [`${props.publicBaseUrl}/portal/utloggad`],
      },
      supportedIdentityProviders: identityProviders,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(10),
    });
    if (municipality) this.client.node.addDependency(municipality);
    this.issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
    this.logoutEndpoint = `${domain.baseUrl()}/logout`;
  }
}
