// Prices are integer cents end to end; only receipts show them as text.
export function formatCents(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}

export function lineTotal(item: { qty: number; priceCents: number }): number {
  return item.qty * item.priceCents;
}
