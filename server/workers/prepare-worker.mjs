// A worker thread's entry: worker threads do not inherit the main thread's tsx loader,
// so each registers its own before loading the TypeScript task.
import { register } from 'tsx/esm/api';

register();
const { prepare } = await import('./prepare-task.ts');

export { prepare };
