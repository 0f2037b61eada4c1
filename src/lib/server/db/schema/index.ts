export * from './auth.ts';
export * from './geo.ts';
export * from './process.ts';
export * from './organisation.ts';
export * from './proposal.ts';
export * from './access.ts';
export * from './events.ts';
export * from './engagement.ts';
