// Every response body the browser clients read, as zod schemas: the server builds its
// answers with these types, the clients parse what they receive with these schemas.
export * from './device';
export * from './errors';
export * from './office';
export * from './fleet';
