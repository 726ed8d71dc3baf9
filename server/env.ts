import { z } from 'zod';

/**
 * The process environment, parsed once at start. A wrong value stops the process with a message
 * naming the variable, instead of failing later in some request.
 */
const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** A PostgreSQL URL; unset means the embedded PGlite database under DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /**
   * A PostgreSQL streaming replica for the public API's reads (lists, clusters, details, streets,
   * statistics); what a citizen must see right after writing still reads DATABASE_URL. Needs DATABASE_URL.
   */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /**
   * Server processes on the one port (node:cluster). Unset: 1 with the embedded database (it is one
   * process's), the number of cores with DATABASE_URL.
   */
  WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  /** Bearer token that GET /metrics asks for; unset turns /metrics off (404). */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Seed the Seravezza demo when the database is empty. Defaults to on for the embedded database. */
  DEMO: booleanFlag.optional(),
  /**
   * Key for the keyed hashes of tracking codes and supporter tokens. Kept outside the database so
   * that a leaked dump reveals no usable code. When unset, one is generated and kept in DATA_DIR.
   */
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Public base URL of this server, used in links (e-mails, Open311). */
  PUBLIC_URL: z.url().optional(),
  /** Outgoing mail server, e.g. smtp://user:pass@mail.example.org:587; unset = mail goes to the log. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  /** Multiplies every rate limit (filing, Mi associo, tracking lookups, login); 1 = the defaults. */
  RATE_LIMIT_FACTOR: z.coerce.number().positive().max(100000).default(1),
  /**
   * Behind reverse proxies that append to X-Forwarded-For: how many (1/true/yes/on = one, a number
   * for a chain; 0/false = none). The client address is the entry the outermost proxy appended.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(\d{1,2}|true|false|yes|no|on|off)$/, 'must be a number of proxies (0, 1, 2…) or true/false')
    .transform((v) => (/^\d+$/.test(v) ? Number(v) : ['true', 'yes', 'on'].includes(v) ? 1 : 0))
    .default(0),
  /** Seconds each process reuses a municipality's settings; another process's console changes apply within it. 0 = off. */
  MUNICIPALITY_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  /** Seconds each process reuses an answer of the map's clusters; 0 turns the cache off (benchmarks of the miss path). */
  CLUSTER_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(15),
  /**
   * Milliseconds a statement of the public API's reads may run on PostgreSQL before it is stopped
   * (503 query_timeout); 0 = no limit. Staff work is not bounded. Not enforced by the embedded database.
   */
  PUBLIC_QUERY_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  REPORTING_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(3),
  /** Days after a report closes before its reporter's and supporters' contact data are erased. */
  CONTACT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** Sender address of notifications. */
  MAIL_FROM: z.string().min(3).default('Segnala <noreply@segnala.invalid>'),
});

export type Env = Omit<z.infer<typeof EnvSchema>, 'DEMO'> & { DEMO: boolean };

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const env = result.data;
  if (env.DATABASE_READ_URL && !env.DATABASE_URL) {
    throw new EnvError('Invalid environment:\n  DATABASE_READ_URL: needs DATABASE_URL (a replica of which primary?)');
  }
  if (env.WORKERS && env.WORKERS > 1 && !env.DATABASE_URL) {
    throw new EnvError('Invalid environment:\n  WORKERS: more than 1 needs DATABASE_URL (the embedded database belongs to one process)');
  }
  return { ...env, DEMO: env.DEMO ?? env.DATABASE_URL === undefined };
}

export class EnvError extends Error {}
