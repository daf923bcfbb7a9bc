// The curated table of Python APIs that are non-deterministic, do I/O or otherwise matter to replay, by qualified
// name (after import aliases are resolved). Users extend or override it with `decls`.
import { isSourceKind, type SourceKind as SharedKind } from "../sourceKinds";

/** The shared kinds (rule and wording in sourceKinds.ts); Python's rules treat a repeating timer as a sleep. */
export type SourceKind = Exclude<SharedKind, "timer"> | "pure";

export interface CallShape {
  positional: number;
  keywords: string[];
}

type Predicate = (call: CallShape) => boolean;
const noArgs: Predicate = (c) => c.positional === 0 && c.keywords.length === 0;
const unseeded: Predicate = (c) => c.positional === 0 && !c.keywords.includes("seed") && !c.keywords.includes("x");

const FUNCTIONS = new Map<string, { kind: SourceKind; when?: Predicate }>();
const add = (kind: SourceKind, names: string[], when?: Predicate) => {
  for (const n of names) FUNCTIONS.set(n, { kind, when });
};

add("time", [
  "time.time",
  "time.time_ns",
  "time.monotonic",
  "time.monotonic_ns",
  "time.perf_counter",
  "time.perf_counter_ns",
  "time.process_time",
  "time.process_time_ns",
  "time.thread_time",
  "time.thread_time_ns",
  "datetime.datetime.now",
  "datetime.datetime.utcnow",
  "datetime.datetime.today",
  "datetime.date.today",
  // The same calls when the import was not seen (snippets): `datetime.now()` almost always means the class.
  "datetime.now",
  "datetime.utcnow",
  "datetime.today",
  "date.today",
  "arrow.now",
  "arrow.utcnow",
  "pendulum.now",
  "pendulum.today",
  "pendulum.tomorrow",
  "pendulum.yesterday",
]);
add("time", ["time.localtime", "time.gmtime", "time.ctime", "time.asctime"], noArgs);
add("time", ["time.strftime"], (c) => c.positional < 2);
add("random", [
  "random.random",
  "random.randint",
  "random.choice",
  "random.choices",
  "random.shuffle",
  "random.sample",
  "random.uniform",
  "random.getrandbits",
  "random.randrange",
  "random.randbytes",
  "random.gauss",
  "random.normalvariate",
  "random.triangular",
  "random.betavariate",
  "random.expovariate",
  "random.gammavariate",
  "random.lognormvariate",
  "random.vonmisesvariate",
  "random.paretovariate",
  "random.weibullvariate",
  "random.SystemRandom",
  "secrets.choice",
  "secrets.randbelow",
  "secrets.randbits",
  "secrets.SystemRandom",
  "os.urandom",
  "os.getrandom",
  "numpy.random.rand",
  "numpy.random.randn",
  "numpy.random.randint",
  "numpy.random.random",
  "numpy.random.choice",
  "numpy.random.shuffle",
  "numpy.random.permutation",
  "numpy.random.uniform",
  "numpy.random.normal",
  "numpy.random.random_sample",
  "numpy.random.sample",
]);
add("random", ["random.Random", "numpy.random.default_rng", "numpy.random.RandomState"], unseeded);
add("uuid", [
  "uuid.uuid1",
  "uuid.uuid4",
  "uuid.uuid6",
  "uuid.uuid7",
  "secrets.token_hex",
  "secrets.token_urlsafe",
  "secrets.token_bytes",
  "ulid.new",
  "ulid.ULID",
  "nanoid.generate",
  "shortuuid.uuid",
  "ksuid.ksuid",
]);
const HTTP_VERBS = ["get", "post", "put", "patch", "delete", "head", "options", "request", "stream"];
add("network", [
  ...HTTP_VERBS.flatMap((v) => [`requests.${v}`, `httpx.${v}`]),
  "urllib.request.urlopen",
  "urllib.request.urlretrieve",
  "socket.create_connection",
  "socket.getaddrinfo",
  "socket.gethostbyname",
  "smtplib.SMTP",
  "smtplib.SMTP_SSL",
  "ftplib.FTP",
  "http.client.HTTPConnection",
  "http.client.HTTPSConnection",
  "psycopg.connect",
  "psycopg2.connect",
  "pymysql.connect",
  "mysql.connector.connect",
  "pymongo.MongoClient",
  "aiohttp.request",
]);
add("fs", [
  "builtins.open",
  "io.open",
  "os.listdir",
  "os.scandir",
  "os.stat",
  "os.lstat",
  "os.walk",
  "os.remove",
  "os.unlink",
  "os.makedirs",
  "os.mkdir",
  "os.rmdir",
  "os.rename",
  "os.replace",
  "os.chdir",
  "os.getcwd",
  "os.path.exists",
  "os.path.isfile",
  "os.path.isdir",
  "os.path.islink",
  "os.path.getsize",
  "os.path.getmtime",
  "os.path.getctime",
  "os.path.getatime",
  "glob.glob",
  "glob.iglob",
  "builtins.input",
]);
add("process", ["os.system", "os.popen"]);
add("env", [
  "os.getenv",
  "os.getpid",
  "os.getppid",
  "os.uname",
  "socket.gethostname",
  "platform.node",
  "getpass.getuser",
]);
add("sleep", ["time.sleep", "asyncio.sleep", "threading.Timer", "sched.scheduler"]);
add("concurrency", [
  "threading.Thread",
  "concurrent.futures.ThreadPoolExecutor",
  "concurrent.futures.ProcessPoolExecutor",
  "concurrent.futures.wait",
  "concurrent.futures.as_completed",
  "multiprocessing.Process",
  "multiprocessing.Pool",
  "asyncio.gather",
  "asyncio.wait",
  "asyncio.as_completed",
  "asyncio.create_task",
  "asyncio.ensure_future",
]);
add("async", ["asyncio.run", "asyncio.run_coroutine_threadsafe"]);
add("log", ["builtins.print", "pprint.pprint", "warnings.warn"]);
add(
  "log",
  ["debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"].map((m) => `logging.${m}`),
);
add("log", ["statsd.incr", "statsd.gauge", "statsd.timing", "statsd.increment"]);
add("gc", ["builtins.id", "builtins.hash"]);
add("pure", [
  "uuid.uuid3",
  "uuid.uuid5",
  "datetime.datetime.fromisoformat",
  "datetime.datetime.fromtimestamp",
  "datetime.datetime.strptime",
  "datetime.date.fromisoformat",
]);

/** Whole modules whose every function is a source of one kind. */
const MODULE_KINDS: [string, SourceKind][] = [
  ["secrets.", "random"],
  ["shutil.", "fs"],
  ["tempfile.", "fs"],
  ["subprocess.", "process"],
  ["pathlib.Path.cwd", "fs"],
  ["pathlib.Path.home", "fs"],
  ["socket.", "network"],
  ["urllib3.", "network"],
  ["aiohttp.", "network"],
  ["http.client.", "network"],
  ["weakref.", "gc"],
  ["gc.", "gc"],
  ["multiprocessing.", "concurrency"],
  ["concurrent.futures.", "concurrency"],
];

/** Kind of a call to a qualified function, honouring user `decls` (which win over the table). */
export function callKind(qualified: string, call: CallShape, decls: Record<string, string>): SourceKind | undefined {
  const declared = decls[qualified];
  if (declared !== undefined) return asKind(declared);
  const entry = FUNCTIONS.get(qualified);
  if (entry) return !entry.when || entry.when(call) ? entry.kind : undefined;
  return MODULE_KINDS.find(([prefix]) => qualified.startsWith(prefix))?.[1];
}

export function asKind(value: string): SourceKind | undefined {
  if (value === "pure") return value;
  if (isSourceKind(value)) return value === "timer" ? "sleep" : value;
  const synonyms: Record<string, SourceKind> = {
    clock: "time",
    io: "network",
    http: "network",
    file: "fs",
    logging: "log",
  };
  return synonyms[value];
}

/** Objects whose type matters to the rules: what a constructor call returns. */
export type ValueTag =
  | "aws-client"
  | "aws-resource"
  | "http-client"
  | "db"
  | "path"
  | "executor"
  | "logger"
  | "event-loop"
  | "set"
  | "seeded-random"
  | "unseeded-random"
  | "thread";

const CONSTRUCTORS = new Map<string, ValueTag>([
  ["boto3.client", "aws-client"],
  ["boto3.session.Session.client", "aws-client"],
  ["boto3.resource", "aws-resource"],
  ["requests.Session", "http-client"],
  ["requests.session", "http-client"],
  ["httpx.Client", "http-client"],
  ["httpx.AsyncClient", "http-client"],
  ["urllib3.PoolManager", "http-client"],
  ["aiohttp.ClientSession", "http-client"],
  ["psycopg.connect", "db"],
  ["psycopg2.connect", "db"],
  ["pymysql.connect", "db"],
  ["sqlite3.connect", "db"],
  ["redis.Redis", "db"],
  ["redis.StrictRedis", "db"],
  ["redis.from_url", "db"],
  ["pymongo.MongoClient", "db"],
  ["sqlalchemy.create_engine", "db"],
  ["pathlib.Path", "path"],
  ["pathlib.PurePath", "path"],
  ["concurrent.futures.ThreadPoolExecutor", "executor"],
  ["concurrent.futures.ProcessPoolExecutor", "executor"],
  ["multiprocessing.Pool", "executor"],
  ["logging.getLogger", "logger"],
  ["asyncio.get_event_loop", "event-loop"],
  ["asyncio.new_event_loop", "event-loop"],
  ["builtins.set", "set"],
  ["builtins.frozenset", "set"],
  ["threading.Thread", "thread"],
]);

export function constructedTag(qualified: string, call: CallShape): ValueTag | undefined {
  if (qualified === "random.Random" || qualified === "numpy.random.default_rng") {
    return unseeded(call) ? "unseeded-random" : "seeded-random";
  }
  return CONSTRUCTORS.get(qualified);
}

const PATH_IO = new Set([
  "read_text",
  "read_bytes",
  "write_text",
  "write_bytes",
  "exists",
  "is_file",
  "is_dir",
  "iterdir",
  "glob",
  "rglob",
  "open",
  "stat",
  "mkdir",
  "unlink",
  "touch",
  "rmdir",
  "rename",
  "replace",
  "samefile",
  "lstat",
  "is_symlink",
  "readlink",
]);
const LOG_METHODS = new Set(["debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"]);
const AWS_CLIENT_LOCAL = new Set(["get_paginator", "get_waiter", "can_paginate", "close"]);

/** Kind of a method call on an object of a known type, and the type of the value it returns. */
export function methodKind(tag: ValueTag, method: string): { kind?: SourceKind; returns?: ValueTag } {
  switch (tag) {
    case "aws-client":
      return AWS_CLIENT_LOCAL.has(method) ? { returns: "aws-client" } : { kind: "network" };
    case "aws-resource":
      // Sub-resources (`Table(...)`, `Bucket(...)`) are local handles; lower-case methods talk to the service.
      return /^[A-Z]/.test(method) ? { returns: "aws-resource" } : { kind: "network", returns: "aws-resource" };
    case "http-client":
      return method === "close" ? {} : { kind: "network" };
    case "db":
      return ["cursor", "connect", "begin"].includes(method) ? { returns: "db" } : { kind: "network", returns: "db" };
    case "path":
      if (PATH_IO.has(method)) return { kind: "fs" };
      return [
        "joinpath",
        "with_name",
        "with_suffix",
        "with_stem",
        "resolve",
        "absolute",
        "expanduser",
        "relative_to",
      ].includes(method)
        ? { returns: "path" }
        : {};
    case "executor":
      return ["submit", "map"].includes(method) ? { kind: "concurrency" } : {};
    case "logger":
      return LOG_METHODS.has(method) ? { kind: "log" } : {};
    case "event-loop":
      return method === "run_until_complete" || method === "run_forever" ? { kind: "async" } : {};
    case "unseeded-random":
    case "seeded-random":
    case "set":
    case "thread":
      return {};
  }
}

/** Methods that mutate their receiver in place (lists, dicts, sets, deques). */
export const MUTATING_METHODS = new Set([
  "append",
  "extend",
  "insert",
  "pop",
  "remove",
  "clear",
  "add",
  "discard",
  "update",
  "setdefault",
  "popitem",
  "appendleft",
  "extendleft",
  "popleft",
  "sort",
  "reverse",
  "difference_update",
  "intersection_update",
  "symmetric_difference_update",
  "__setitem__",
  "__delitem__",
]);

export const LOG_METHOD_NAMES = LOG_METHODS;

export const PYTHON_BUILTINS = new Set([
  "abs",
  "all",
  "any",
  "ascii",
  "bin",
  "bool",
  "breakpoint",
  "bytearray",
  "bytes",
  "callable",
  "chr",
  "classmethod",
  "compile",
  "complex",
  "delattr",
  "dict",
  "dir",
  "divmod",
  "enumerate",
  "eval",
  "exec",
  "filter",
  "float",
  "format",
  "frozenset",
  "getattr",
  "globals",
  "hasattr",
  "hash",
  "help",
  "hex",
  "id",
  "input",
  "int",
  "isinstance",
  "issubclass",
  "iter",
  "len",
  "list",
  "locals",
  "map",
  "max",
  "memoryview",
  "min",
  "next",
  "object",
  "oct",
  "open",
  "ord",
  "pow",
  "print",
  "property",
  "range",
  "repr",
  "reversed",
  "round",
  "set",
  "setattr",
  "slice",
  "sorted",
  "staticmethod",
  "str",
  "sum",
  "super",
  "tuple",
  "type",
  "vars",
  "zip",
  "Exception",
  "ValueError",
  "TypeError",
  "KeyError",
  "RuntimeError",
]);
