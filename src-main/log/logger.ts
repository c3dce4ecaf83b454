/**
 * Structured logs (pino) with secrets removed before a line is written:
 * field-level redaction first, then every line is scrubbed (see redact.ts).
 * `LOCKLEAF_LOG=debug` (or info, warn…) sends logs to stderr; by default the
 * CLI and tests are silent.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { CENSOR, redactPaths, scrub } from './redact.js';

export type { Logger };

export interface LoggerOptions {
  level?: string;
  /** Where lines go; stderr by default. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'silent',
      base: undefined,
      redact: { paths: redactPaths, censor: CENSOR },
      hooks: { streamWrite: scrub },
    },
    options.destination ?? pino.destination(2),
  );
}

export function loggerFromEnv(env: NodeJS.ProcessEnv): Logger {
  const level = env.LOCKLEAF_LOG?.trim();
  return createLogger({ level: level && level in pino.levels.values ? level : 'silent' });
}

/** A logger that drops everything (tests and library defaults). */
export const silentLogger: Logger = createLogger({ level: 'silent' });
