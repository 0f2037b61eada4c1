/** The day the shared seeded test databases are seeded for (tests/setup/pglite-template.ts). */
export const SEED_NOW = new Date('2026-11-23T10:00:00Z');
