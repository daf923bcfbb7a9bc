// Gift card codes are the cart id, upper-cased and prefixed.
export function cardCode(cartId: string): string {
  return `GC-${cartId.toUpperCase()}`;
}
