export { createLogger, silentLogger, type Logger, type LogLevel, type LoggerOptions } from './logger.js';
