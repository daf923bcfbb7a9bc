// The service's entry module: the checkout handler, re-exported as the default export Lambda is configured with.
export { handler as default } from "./checkout";
