/**
 * The editor's sections (tabs) and which one shows each form field, as a total table: an error on
 * any field can open its tab and focus it, and a tab can count its errors.
 */
import type { AuthType } from '../../../../shared/dsn';
import type { FormFieldPath } from './form-values';

/** The tabs, in their order. */
export const SECTION_IDS = ['connection', 'credentials', 'tls-network', 'export', 'iam-setup', 'token-files'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export const SECTION_LABELS: Record<SectionId, string> = {
  connection: 'Connection',
  credentials: 'Credentials',
  'tls-network': 'TLS & network',
  export: 'Export',
  'iam-setup': 'IAM setup',
  'token-files': 'Token files',
};

/** Sections that hold form fields (the others are tools working on the form's values). */
export type FormSectionId = Extract<SectionId, 'connection' | 'credentials' | 'tls-network'>;

/** Where each form field is shown. */
export const FIELD_SECTION: Record<FormFieldPath, FormSectionId> = {
  name: 'connection',
  environment: 'connection',
  tags: 'connection',
  favorite: 'connection',
  authType: 'connection',
  server: 'connection',
  port: 'connection',
  user: 'connection',
  database: 'connection',
  region: 'connection',
  sslMode: 'tls-network',
  tokenExpirationSeconds: 'credentials',
  'credentialSource.kind': 'credentials',
  'credentialSource.profile': 'credentials',
  'credentialSource.accessKeyId': 'credentials',
  secretAccessKey: 'credentials',
  sessionToken: 'credentials',
  clearStaticKeys: 'credentials',
  assumeRoleEnabled: 'credentials',
  'assumeRole.roleArn': 'credentials',
  'assumeRole.sessionName': 'credentials',
  'assumeRole.externalId': 'credentials',
  'assumeRole.durationSeconds': 'credentials',
  'assumeRole.mfaSerial': 'credentials',
  stsEndpoint: 'credentials',
  connectViaHost: 'tls-network',
  connectViaPort: 'tls-network',
  'network.kind': 'tls-network',
  'network.host': 'tls-network',
  'network.port': 'tls-network',
  'network.user': 'tls-network',
  'network.auth': 'tls-network',
  'network.identityFile': 'tls-network',
  'network.jumpHosts': 'tls-network',
  'network.knownHostsFile': 'tls-network',
  'network.remoteHost': 'tls-network',
  'network.remotePort': 'tls-network',
  'network.localPort': 'tls-network',
  'network.keepAliveSeconds': 'tls-network',
  sshPassword: 'tls-network',
  clearSshPassword: 'tls-network',
  caBundlePath: 'tls-network',
  connectTimeoutSeconds: 'tls-network',
  queryTimeoutSeconds: 'tls-network',
  password: 'credentials',
  clearPassword: 'credentials',
};

/** The tabs a DSN shows: IAM setup and token files are for IAM only. */
export function sectionsFor(authType: AuthType): SectionId[] {
  return SECTION_IDS.filter((id) => authType === 'iam' || (id !== 'iam-setup' && id !== 'token-files'));
}
