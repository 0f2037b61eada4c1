export * from './decimal.ts';
export * from './election.ts';
export * from './pabulib.ts';
export * from './result.ts';
export * from './spec.ts';
export * from './tally.ts';
export * from './tiebreak.ts';
export { sha256Hex } from './hash.ts';
export * from './assembly.ts';
