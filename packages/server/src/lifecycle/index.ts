export { once, type Readiness, type Stoppable, type Flushable } from './component.js';
