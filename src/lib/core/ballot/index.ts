export * from './ballot.ts';
export * from './codes.ts';
export * from './order.ts';
