/**
 * How many cases each fast-check property runs: 1,000 in `npm test`;
 * NOCTURNE_PROPERTY_RUNS raises it (the full run uses 10,000).
 */
export const PROPERTY_RUNS = Math.max(1, Number(process.env.NOCTURNE_PROPERTY_RUNS) || 1000);
