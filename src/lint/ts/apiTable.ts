// Source table for TS/JS: qualified API → kind (and so rule), with argument predicates. Data only; the analyzer
// matches it and configuration `decls` extend or override it.
//
// Qualified names: globals by name (`Date.now`, `fetch`), imports by module and export (`crypto.randomUUID`,
// `uuid.v4`; a `node:` prefix is dropped; a default or namespace import is the module itself), members of an
// instance as `<module>.<Class>#member` (`@aws-sdk/client-s3.S3Client#send`). In patterns `*` matches within one
// segment and `**` matches anything.
import type { SourceKind } from "../sourceKinds";

export type Access = "call" | "new" | "read";

export interface ApiEntry {
  name: string;
  kind: SourceKind | "pure";
  /** How the API is used; default "call". */
  access?: Access;
  /** Deterministic when called with more arguments than this (`new Date(iso)`, `moment(x)`). */
  maxArgs?: number;
  /** Only when some argument is a host promise rather than a durable operation (`Promise.race`). */
  hostPromiseArgs?: boolean;
}

export const TS_API_TABLE_VERSION = 1;

export const TS_API_TABLE: readonly ApiEntry[] = [
  // Deterministic look-alikes first: the first match wins.
  { name: "Date.parse", kind: "pure" },
  { name: "Date.UTC", kind: "pure" },
  { name: "uuid.v3", kind: "pure" },
  { name: "uuid.v5", kind: "pure" },
  { name: "uuid.validate", kind: "pure" },
  { name: "uuid.parse", kind: "pure" },
  { name: "uuid.stringify", kind: "pure" },

  // DUR001 time
  { name: "Date.now", kind: "time" },
  { name: "Date", kind: "time", access: "new", maxArgs: 0 },
  { name: "Date", kind: "time" },
  { name: "performance.now", kind: "time" },
  { name: "perf_hooks.performance.now", kind: "time" },
  { name: "process.hrtime", kind: "time" },
  { name: "process.hrtime.bigint", kind: "time" },
  { name: "process.uptime", kind: "time" },
  { name: "Temporal.Now.*", kind: "time" },
  { name: "moment", kind: "time", maxArgs: 0 },
  { name: "moment.utc", kind: "time", maxArgs: 0 },
  { name: "dayjs", kind: "time", maxArgs: 0 },
  { name: "luxon.DateTime.now", kind: "time" },
  { name: "luxon.DateTime.local", kind: "time", maxArgs: 0 },
  { name: "luxon.DateTime.utc", kind: "time", maxArgs: 0 },
  { name: "date-fns.startOfToday", kind: "time" },
  { name: "date-fns.endOfToday", kind: "time" },
  { name: "date-fns.isToday", kind: "time" },
  { name: "date-fns.isPast", kind: "time" },
  { name: "date-fns.isFuture", kind: "time" },
  { name: "date-fns.formatDistanceToNow", kind: "time" },
  { name: "date-fns.formatDistanceToNowStrict", kind: "time" },

  // DUR002 randomness
  { name: "Math.random", kind: "random" },
  { name: "crypto.randomInt", kind: "random" },
  { name: "crypto.randomBytes", kind: "random" },
  { name: "crypto.randomFill", kind: "random" },
  { name: "crypto.randomFillSync", kind: "random" },
  { name: "crypto.getRandomValues", kind: "random" },
  { name: "crypto.webcrypto.getRandomValues", kind: "random" },
  { name: "@faker-js/faker.**", kind: "random" },
  { name: "faker.**", kind: "random" },

  // DUR003 random identifiers
  { name: "crypto.randomUUID", kind: "uuid" },
  { name: "crypto.webcrypto.randomUUID", kind: "uuid" },
  { name: "uuid.v1", kind: "uuid" },
  { name: "uuid.v4", kind: "uuid" },
  { name: "uuid.v6", kind: "uuid" },
  { name: "uuid.v7", kind: "uuid" },
  { name: "nanoid.nanoid", kind: "uuid" },
  { name: "nanoid.customAlphabet", kind: "uuid" },
  { name: "ulid.ulid", kind: "uuid" },
  { name: "ulid.monotonicFactory", kind: "uuid" },
  { name: "@paralleldrive/cuid2.createId", kind: "uuid" },
  { name: "cuid", kind: "uuid" },
  { name: "ksuid.random", kind: "uuid" },
  { name: "ksuid.randomSync", kind: "uuid" },
  { name: "shortid.generate", kind: "uuid" },
  { name: "shortid", kind: "uuid" },

  // DUR004 network and services
  { name: "fetch", kind: "network" },
  { name: "XMLHttpRequest", kind: "network", access: "new" },
  { name: "WebSocket", kind: "network", access: "new" },
  { name: "EventSource", kind: "network", access: "new" },
  { name: "axios", kind: "network" },
  { name: "axios.*", kind: "network" },
  { name: "axios.*#*", kind: "network" },
  { name: "got", kind: "network" },
  { name: "got.*", kind: "network" },
  { name: "ky", kind: "network" },
  { name: "ky.*", kind: "network" },
  { name: "undici.*", kind: "network" },
  { name: "node-fetch", kind: "network" },
  { name: "superagent.*", kind: "network" },
  { name: "http.request", kind: "network" },
  { name: "http.get", kind: "network" },
  { name: "https.request", kind: "network" },
  { name: "https.get", kind: "network" },
  { name: "http2.connect", kind: "network" },
  { name: "net.*", kind: "network" },
  { name: "dgram.*", kind: "network" },
  { name: "dns.*", kind: "network" },
  { name: "dns/promises.*", kind: "network" },
  { name: "tls.*", kind: "network" },
  { name: "@aws-sdk/**#send", kind: "network" },
  { name: "@smithy/**#send", kind: "network" },
  { name: "aws-sdk.**#promise", kind: "network" },
  { name: "pg.*#query", kind: "network" },
  { name: "pg.*#connect", kind: "network" },
  { name: "mysql2.**", kind: "network" },
  { name: "mysql2/promise.**", kind: "network" },
  { name: "mongodb.**#*", kind: "network" },
  { name: "ioredis.**#*", kind: "network" },
  { name: "redis.**#*", kind: "network" },
  { name: "@prisma/client.**#**", kind: "network" },
  { name: "knex", kind: "network" },

  // DUR005 file system and processes
  { name: "fs.*", kind: "fs" },
  { name: "fs.promises.*", kind: "fs" },
  { name: "fs/promises.*", kind: "fs" },
  { name: "fs-extra.*", kind: "fs" },
  { name: "glob.*", kind: "fs" },
  { name: "glob", kind: "fs" },
  { name: "child_process.fork", kind: "concurrency" },
  { name: "child_process.*", kind: "process" },

  // DUR006 environment and invocation identity
  { name: "process.env", kind: "env", access: "read" },
  { name: "dotenv.config", kind: "env" },
  { name: "process.pid", kind: "identity", access: "read" },
  { name: "process.ppid", kind: "identity", access: "read" },
  { name: "process.memoryUsage", kind: "identity" },
  { name: "process.cpuUsage", kind: "identity" },
  { name: "os.hostname", kind: "identity" },
  { name: "os.cpus", kind: "identity" },
  { name: "os.freemem", kind: "identity" },
  { name: "os.loadavg", kind: "identity" },
  { name: "os.uptime", kind: "identity" },
  { name: "os.networkInterfaces", kind: "identity" },
  { name: "@aws/durable-execution-sdk-js.DurableContext#lambdaContext.awsRequestId", kind: "identity", access: "read" },
  { name: "@aws/durable-execution-sdk-js.DurableContext#lambdaContext.getRemainingTimeInMillis", kind: "identity" },
  { name: "@types/aws-lambda.Context#awsRequestId", kind: "identity", access: "read" },
  { name: "@types/aws-lambda.Context#getRemainingTimeInMillis", kind: "identity" },

  // DUR007 host timers
  { name: "setTimeout", kind: "sleep" },
  { name: "setImmediate", kind: "sleep" },
  { name: "setInterval", kind: "timer" },
  { name: "timers.setTimeout", kind: "sleep" },
  { name: "timers.setImmediate", kind: "sleep" },
  { name: "timers.setInterval", kind: "timer" },
  { name: "timers/promises.setTimeout", kind: "sleep" },
  { name: "timers/promises.setImmediate", kind: "sleep" },
  { name: "timers/promises.setInterval", kind: "timer" },
  { name: "timers/promises.scheduler.wait", kind: "sleep" },

  // DUR008 host concurrency
  { name: "worker_threads.Worker", kind: "concurrency", access: "new" },
  { name: "cluster.fork", kind: "concurrency" },
  { name: "Promise.race", kind: "concurrency", hostPromiseArgs: true },
  { name: "Promise.any", kind: "concurrency", hostPromiseArgs: true },

  // DUR026 garbage collection and shared memory
  { name: "WeakRef", kind: "gc", access: "new" },
  { name: "FinalizationRegistry", kind: "gc", access: "new" },
  { name: "SharedArrayBuffer", kind: "gc", access: "new" },
  { name: "Atomics.*", kind: "gc" },

  // DUR023 side effects that repeat (context.logger is replay-aware and is not listed)
  { name: "console.*", kind: "log" },
];
