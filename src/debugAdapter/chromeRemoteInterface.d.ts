// chrome-remote-interface ships no types; its client exposes the protocol domains exactly as devtools-protocol's
// proxy API describes them.
declare module "chrome-remote-interface" {
  import type { ProtocolProxyApi } from "devtools-protocol/types/protocol-proxy-api";

  namespace CDP {
    interface Options {
      /** WebSocket URL of the target (the inspector URL Node prints). */
      target?: string;
      /** Use the bundled protocol description instead of asking the target for it. */
      local?: boolean;
    }
    type Client = ProtocolProxyApi.ProtocolApi & {
      close(): Promise<void>;
      on(event: "disconnect", listener: () => void): void;
    };
  }
  function CDP(options: CDP.Options): Promise<CDP.Client>;
  export = CDP;
}
