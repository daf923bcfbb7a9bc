// What went wrong talking to AWS, as one sentence the user can act on. The SDK's errors carry a name, an HTTP status
// and sometimes a code; secrets never appear in them, and the messages built here quote only names and ARNs.

/** A failed AWS call, already phrased for the user. */
export class AwsAccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AwsAccessError";
  }
}

/** What was being asked, to name in the message: the IAM action and the resource. */
export interface AwsRequestContext {
  action: "ListDurableExecutionsByFunction" | "GetDurableExecution" | "GetDurableExecutionHistory";
  /** The function name or the execution ARN. */
  resource: string;
  /** Where the request went, when the user set it (an endpoint override). */
  endpoint?: string;
}

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  cause?: unknown;
}

const EXPIRED = new Set([
  "ExpiredTokenException",
  "ExpiredToken",
  "RequestExpired",
  "TokenRefreshRequired",
  "UnauthorizedException",
]);
const BAD_CREDENTIALS = new Set(["UnrecognizedClientException", "InvalidSignatureException", "InvalidClientTokenId"]);
const DENIED = new Set(["AccessDeniedException", "AccessDenied"]);
const THROTTLED = new Set(["TooManyRequestsException", "ThrottlingException", "Throttling", "RequestLimitExceeded"]);
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

function networkCode(error: SdkError): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as SdkError).cause, depth++) {
    const code = (e as SdkError).code;
    if (code && NETWORK_CODES.has(code)) return code;
    const errors = (e as { errors?: SdkError[] }).errors;
    const inner = errors?.find((x) => x.code && NETWORK_CODES.has(x.code));
    if (inner) return inner.code;
  }
  if (error.name === "TimeoutError") return "timed out";
  return undefined;
}

/** One sentence for an error thrown by the SDK while doing `context`; never the SDK's stack. */
export function describeAwsError(error: unknown, context: AwsRequestContext): AwsAccessError {
  if (error instanceof AwsAccessError) return error;
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? "";
  const message = (e.message ?? String(error)).split("\n")[0];
  const status = e.$metadata?.httpStatusCode;
  const action = `lambda:${context.action}`;
  if (name === "CredentialsProviderError" && /sso|token/i.test(message)) return expired();
  if (name === "CredentialsProviderError" || /could not load credentials/i.test(message)) {
    return new AwsAccessError(
      "No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a profile with --profile or AWS_PROFILE, or run `aws configure` (or `aws configure sso`).",
    );
  }
  if (name === "TokenProviderError" || EXPIRED.has(name) || /\bexpired\b/i.test(message)) return expired();
  if (/region is missing/i.test(message)) {
    return new AwsAccessError("No AWS region: pass --region, set AWS_REGION, or set `region` in the AWS profile.");
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new AwsAccessError(
      `AWS rejected the credentials for ${action} (${name}): check the access key, or the profile with --profile.`,
    );
  }
  if (DENIED.has(name) || status === 403) {
    return new AwsAccessError(
      `Access denied: the credentials may not call ${action} on ${context.resource}; allow that action in their IAM policy.`,
    );
  }
  if (THROTTLED.has(name) || status === 429) {
    const attempts = e.$metadata?.attempts;
    return new AwsAccessError(
      `AWS throttled ${action}${attempts ? ` after ${attempts} attempts` : ""}: try again later${context.action === "GetDurableExecutionHistory" ? " or use fewer --jobs" : ""}.`,
    );
  }
  if (name === "ResourceNotFoundException" || status === 404) {
    return new AwsAccessError(
      context.action === "ListDurableExecutionsByFunction"
        ? `No function ${context.resource} found: check the name and the region.`
        : `No durable execution ${context.resource} found: check the ARN, the region and the account.`,
    );
  }
  const code = networkCode(e);
  if (code) {
    return new AwsAccessError(
      `Cannot reach the Lambda endpoint${context.endpoint ? ` ${context.endpoint}` : ""} (${code}): check the network, --endpoint and --region.`,
    );
  }
  return new AwsAccessError(`${action} on ${context.resource} failed: ${name ? `${name}: ` : ""}${message}`);
}

function expired(): AwsAccessError {
  return new AwsAccessError(
    "The AWS credentials or SSO session have expired: run `aws sso login` (with --profile if you use one) or refresh the credentials.",
  );
}
