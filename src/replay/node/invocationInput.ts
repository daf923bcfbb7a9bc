/**
 * The event that hands the SDK our checkpoint client: the SDK recognises it by this class name, its toStringTag and
 * the `durableExecutionClient` property, so the user's own SDK copy need not be imported.
 */
export class DurableExecutionInvocationInputWithClient<Client extends object = object> {
  constructor(
    input: object,
    readonly durableExecutionClient: Client,
  ) {
    Object.assign(this, input);
  }
  get [Symbol.toStringTag](): string {
    return "DurableExecutionInvocationInputWithClient";
  }
}
