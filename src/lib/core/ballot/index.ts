export * from './ballot.ts';
export * from './codes.ts';
export * from './order.ts';
export * from './vote.ts';
export * from './explain.ts';
export * from './paper.ts';
export * from './register.ts';
