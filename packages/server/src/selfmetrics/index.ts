export { SelfMetrics } from './registry.js';
