// A local HTTP server answering every Lambda request with one of AWS's documented error responses (restJson1: the
// error type in `x-amzn-ErrorType`, a JSON body with `message`), for the errors AWS's local server cannot produce.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface AwsErrorShape {
  status: number;
  type: string;
  message: string;
}

export const ACCESS_DENIED: AwsErrorShape = {
  status: 403,
  type: "AccessDeniedException",
  message:
    "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: lambda:GetDurableExecutionHistory on resource: arn:aws:lambda:us-east-1:123456789012:function:order-fn because no identity-based policy allows the lambda:GetDurableExecutionHistory action",
};
export const THROTTLED: AwsErrorShape = { status: 429, type: "TooManyRequestsException", message: "Rate exceeded" };
export const EXPIRED_TOKEN: AwsErrorShape = {
  status: 403,
  type: "ExpiredTokenException",
  message: "The security token included in the request is expired",
};

export interface AwsErrorServer {
  endpoint: string;
  /** Paths of the requests answered so far. */
  requests: string[];
  close(): Promise<void>;
}

export async function startAwsErrorServer(shape: AwsErrorShape): Promise<AwsErrorServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(decodeURIComponent(req.url ?? ""));
    req.resume();
    res.writeHead(shape.status, {
      "Content-Type": "application/json",
      "x-amzn-ErrorType": `${shape.type}:http://internal.amazon.com/coral/com.amazonaws.lambda/`,
      "x-amzn-RequestId": "11111111-2222-3333-4444-555555555555",
      ...(shape.status === 429 ? { "Retry-After": "0" } : {}),
    });
    res.end(JSON.stringify({ Type: "User", message: shape.message }));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
