// Where the AWS calls go and as whom: every field is optional; what is not given comes from the AWS SDK's own
// resolution (AWS_REGION / the profile's region; AWS_ENDPOINT_URL_LAMBDA / AWS_ENDPOINT_URL; the standard credential
// chain: environment, shared config and credentials files, SSO, credential_process, container and instance roles).
export interface AwsSettings {
  region?: string;
  profile?: string;
  /** A Lambda endpoint URL (a local server, a VPC endpoint). */
  endpoint?: string;
}
