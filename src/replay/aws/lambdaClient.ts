// The one place a LambdaClient is made: the SDK's standard credential chain and region resolution, with our overrides.
import { LambdaClient } from "@aws-sdk/client-lambda";
import type { AwsSettings } from "./awsSettings";

const NODE_NOTICE_SWITCH = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";

export function lambdaClient(settings: AwsSettings): LambdaClient {
  // The SDK warns on stderr about Node versions it will drop, once, when a client is made: that is ours to handle,
  // not the user's. The switch is set only while the client is made, so the handler's environment stays theirs.
  const before = process.env[NODE_NOTICE_SWITCH];
  process.env[NODE_NOTICE_SWITCH] = "true";
  try {
    return new LambdaClient({
      ...(settings.region ? { region: settings.region } : {}),
      ...(settings.profile ? { profile: settings.profile } : {}),
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    });
  } finally {
    if (before === undefined) delete process.env[NODE_NOTICE_SWITCH];
    else process.env[NODE_NOTICE_SWITCH] = before;
  }
}
