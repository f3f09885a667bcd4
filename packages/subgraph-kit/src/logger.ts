export { createServiceLogger as createLogger, type Logger } from '@cairn/http-server';
