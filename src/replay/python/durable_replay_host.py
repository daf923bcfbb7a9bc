"""Durable Replay's Python host: runs the user's durable handler with the user's own SDK against the replay engine.

The engine (TypeScript, in the session process) owns the log, the fake checkpoint service and every decision. This
host only loads the handler module, injects the SDK's own DurableExecutionInvocationInputWithClient whose
service_client talks to the engine, reports each durable call with its call site, and obeys the engine's answer.
Protocol: one JSON object per line on file descriptor 3 (types in src/protocol/pythonHost.ts); the handler's own
stdout and stderr stay untouched.
"""

import ast
import datetime
import functools
import importlib.util
import json
import os
import queue
import sys
import threading
import traceback

SDK = "aws_durable_execution_sdk_python"
TERMINAL = {"SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"}
# Calls sent without waiting for an answer leave in batches: one message per call would dominate a long replay.
CALLS_PER_MESSAGE = 1000


class Channel:
    """The line-delimited JSON channel to the engine; requests wait for their answer, read by a thread of its own."""

    def __init__(self, fd):
        self._reader = os.fdopen(fd, "rb", buffering=1 << 16)
        self._writer = os.fdopen(os.dup(fd), "wb", buffering=1 << 16)
        self._lock = threading.Lock()
        self._calls = []
        self._waiting = {}
        self._next_request = 0
        self.inbox = queue.Queue()

    def start_reading(self):
        reader = threading.Thread(target=self._read, name="durable-replay-channel", daemon=True)
        # Under debugpy this thread is the host's plumbing, not the handler's: no thread in the editor, no tracing.
        reader.is_pydev_daemon_thread = True
        reader.pydev_do_not_trace = True
        reader.start()

    def _read(self):
        for line in self._reader:
            message = json.loads(line)
            waiter = self._waiting.pop(message.get("requestId"), None) if "requestId" in message else None
            if waiter is not None:
                waiter[1] = message
                waiter[0].set()
            else:
                self.inbox.put(message)
        # The engine is gone: nothing this process does matters any more.
        os._exit(0)

    def _write(self, message):
        if self._calls:
            self._writer.write(_dumps({"type": "calls", "calls": self._calls}) + b"\n")
            self._calls = []
        if message is not None:
            self._writer.write(_dumps(message) + b"\n")
        self._writer.flush()

    def send(self, message):
        with self._lock:
            self._write(message)

    def queue_call(self, call):
        with self._lock:
            self._calls.append(call)
            if len(self._calls) >= CALLS_PER_MESSAGE:
                self._write(None)

    def request(self, message):
        waiter = [threading.Event(), None]
        with self._lock:
            self._next_request += 1
            message["requestId"] = self._next_request
            self._waiting[self._next_request] = waiter
            self._write(message)
        waiter[0].wait()
        return waiter[1]


def _dumps(message):
    return json.dumps(message, separators=(",", ":"), default=str).encode("utf-8")


def _timestamp(value):
    if isinstance(value, str):
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value / 1000, tz=datetime.timezone.utc)
    return value


def wire_to_operation(sdk_types, data):
    """The SDK's Operation from a wire dict; timestamps become datetimes, as boto3 gives them to the SDK."""
    if "StartTimestamp" in data or "EndTimestamp" in data:
        data = dict(data)
        for key in ("StartTimestamp", "EndTimestamp"):
            if key in data:
                data[key] = _timestamp(data[key])
    for details, key in (("StepDetails", "NextAttemptTimestamp"), ("WaitDetails", "ScheduledEndTimestamp")):
        if key in (data.get(details) or {}):
            data = dict(data)
            data[details] = dict(data[details])
            data[details][key] = _timestamp(data[details][key])
    return sdk_types.Operation.from_dict(data)


class LambdaContext:
    """What the SDK and user code read from Lambda's context object; plenty of time left, as in the Node host."""

    aws_request_id = "durable-replay"
    function_name = "durable-replay"
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:local:000000000000:function:durable-replay:$LATEST"
    memory_limit_in_mb = "1024"
    log_group_name = "/aws/lambda/durable-replay"
    log_stream_name = "durable-replay"

    def __init__(self, invocation):
        self.aws_request_id = f"durable-replay-{invocation}"

    @staticmethod
    def get_remaining_time_in_millis():
        return 900_000


def _arg(args, kwargs, index, key):
    if key in kwargs:
        return kwargs[key]
    return args[index] if len(args) > index else None


def _named(name, func):
    # As DurableContext._resolve_step_name: the given name, else a @durable_* factory's function name.
    return name or getattr(func, "_original_name", None)


def _child_subtype(config):
    sub_type = getattr(config, "sub_type", None) if config is not None else None
    return getattr(sub_type, "value", sub_type) or "RunInChildContext"


# DurableContext method -> (type, subtype, name) of the operation it creates, read from its arguments as the SDK does.
SHAPES = {
    "step": lambda a, k: ("STEP", "Step", _named(_arg(a, k, 1, "name"), _arg(a, k, 0, "func"))),
    "wait": lambda a, k: ("WAIT", "Wait", _arg(a, k, 1, "name")),
    "create_callback": lambda a, k: ("CALLBACK", "Callback", _arg(a, k, 0, "name")),
    "invoke": lambda a, k: ("CHAINED_INVOKE", "ChainedInvoke", _arg(a, k, 2, "name")),
    "run_in_child_context": lambda a, k: (
        "CONTEXT",
        _child_subtype(_arg(a, k, 2, "config")),
        _named(_arg(a, k, 1, "name"), _arg(a, k, 0, "func")),
    ),
    "wait_for_callback": lambda a, k: (
        "CONTEXT",
        "WaitForCallback",
        _named(_arg(a, k, 1, "name"), _arg(a, k, 0, "submitter")),
    ),
    "wait_for_condition": lambda a, k: ("STEP", "WaitForCondition", _arg(a, k, 2, "name")),
    "map": lambda a, k: ("CONTEXT", "Map", _named(_arg(a, k, 2, "name"), _arg(a, k, 1, "func"))),
    "parallel": lambda a, k: ("CONTEXT", "Parallel", _arg(a, k, 1, "name")),
}


class Replay:
    """Instruments the SDK once, then runs invocations as the engine asks."""

    def __init__(self, channel, sdk):
        self.channel = channel
        self.sdk = sdk
        self.sdk_dir = os.path.dirname(os.path.abspath(sdk.__file__)) + os.sep
        self.recorded = {}
        self.ask_all = True
        self.ask_for = set()
        self.paths = {}
        self.positions = {}
        self.wrapped = set()
        self.handler = None
        self._instrument()

    def _instrument(self):
        from aws_durable_execution_sdk_python import context, execution, identifier

        replay = self
        namespace = identifier.OperationIdNamespace
        create_id = namespace.create_id_for_step

        # Every operation id the SDK makes passes here (contexts, map items, parallel branches): the unhashed path
        # of each id is its parent's path and the counter.
        def create_id_for_step(self, step):
            op_id = create_id(self, step)
            if op_id not in replay.paths:
                prefix = self.prefix
                replay.paths[op_id] = f"{replay.paths.get(prefix, '?')}-{step}" if prefix else str(step)
            return op_id

        namespace.create_id_for_step = create_id_for_step

        for method, shape in SHAPES.items():
            setattr(context.DurableContext, method, self._reporting(getattr(context.DurableContext, method), method, shape))

        original = execution.durable_execution

        # The user's module must get a wrapper we know: a function it exports that we never saw is not a handler.
        @functools.wraps(original)
        def durable_execution(func=None, **options):
            if func is None:
                return functools.partial(durable_execution, **options)
            wrapped = original(func, **options)
            replay.wrapped.add(wrapped)
            return wrapped

        execution.durable_execution = durable_execution
        self.sdk.durable_execution = durable_execution

    def _reporting(self, original, method, shape):
        replay = self

        @functools.wraps(original)
        def durable_call(self, *args, **kwargs):
            caller = sys._getframe(1)
            # The SDK's own calls (wait_for_callback's callback and submitter) are operations the SDK creates; an SDK
            # helper the user called (retries.with_retry) makes the user's call, sited where the user called it.
            while caller is not None and caller.f_code.co_filename.startswith(replay.sdk_dir):
                caller = caller.f_back
            if caller is None or caller.f_code.co_filename in (__file__, threading.__file__):
                return original(self, *args, **kwargs)
            filename = caller.f_code.co_filename
            op_type, sub_type, name = shape(args, kwargs)
            op_id = self._operation_id_namespace.create_id_for_step(self._step_counter.get_current() + 1)
            call = {
                "path": replay.paths[op_id],
                "id": op_id,
                "type": op_type,
                "subType": sub_type,
                "method": method,
                "callSite": {"file": filename, "line": caller.f_lineno, "column": replay._column(caller)},
            }
            if name is not None:
                call["name"] = name
            prefix = self._step_id_prefix
            if prefix:
                call["parentPath"] = replay.paths.get(prefix, "?")
            if self._parent_id:
                call["parentId"] = self._parent_id
            replay.report(call, (op_type, sub_type, name), caller)
            return original(self, *args, **kwargs)

        return durable_call

    def _column(self, frame):
        code = frame.f_code
        positions = self.positions.get(code)
        if positions is None:
            positions = list(code.co_positions())
            self.positions[code] = positions
        index = frame.f_lasti // 2
        column = positions[index][2] if index < len(positions) else None
        return (column or 0) + 1

    def report(self, call, identity, caller):
        recorded = self.recorded.get(call["id"])
        if call["id"] in self.ask_for:
            # The call a debugger goes back to: from here on, it may stop at any call again.
            self.ask_for = set()
            self.ask_all = True
        elif not self.ask_all and recorded is not None and recorded == (identity, True):
            self.channel.queue_call(call)
            return
        answer = self.channel.request({"type": "call", "call": call})
        if answer.get("stop"):
            _suspend_at(caller)
            self.channel.send({"type": "resumed"})
        if not answer["proceed"]:
            # The engine ends this invocation here (log end or divergence): the call never returns.
            threading.Event().wait()

    def forget_user_modules(self, baseline):
        """Before loading a handler again in a warm host: the modules the previous replay imported are imported afresh
        (module state starts clean, edits are seen); the interpreter's start-up modules and the SDK stay loaded."""
        for name, module in list(sys.modules.items()):
            if name not in baseline and not (getattr(module, "__file__", None) or "").startswith(self.sdk_dir):
                del sys.modules[name]
        self.wrapped.clear()
        self.paths.clear()
        self.positions.clear()
        self.handler = None

    def load(self, handler_file, export_name):
        folder = os.path.dirname(handler_file)
        # As Lambda's task root: the handler's folder and the working folder import as top-level packages.
        for entry in (os.getcwd(), folder):
            if entry not in sys.path:
                sys.path.insert(0, entry)
        module_name = os.path.splitext(os.path.basename(handler_file))[0]
        spec = importlib.util.spec_from_file_location(module_name, handler_file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        except SyntaxError as error:
            where = f"{error.filename or handler_file}:{error.lineno}" if error.lineno else handler_file
            raise LoadError(f"{where}: SyntaxError: {error.msg}.") from None
        except BaseException as error:  # noqa: BLE001 - any failure of the user's module is reported, not raised
            raise LoadError(f"{_raised_at(error, folder, handler_file)}: could not import {os.path.basename(handler_file)}: {type(error).__name__}: {error}") from None
        base = os.path.basename(handler_file)
        candidate = getattr(module, export_name, None)
        if candidate is None and export_name == "handler":
            candidate = getattr(module, "lambda_handler", None)
        if candidate is None:
            names = _defined_functions(handler_file)
            defined = f"; it defines: {', '.join(names)}." if names else "; it defines no functions."
            raise LoadError(f"{base} has no function named `{export_name}`{defined}")
        if candidate not in self.wrapped:
            raise LoadError(f"`{export_name}` in {base} is not a handler wrapped with @durable_execution from {SDK}.")
        self.handler = candidate

    def invoke(self, message):
        from aws_durable_execution_sdk_python import execution, lambda_service

        operations = message["operations"]
        self.ask_all = message["ask"] == "all"
        self.ask_for = set(message.get("askFor", ()))
        self.recorded = {
            op["Id"]: ((op["Type"], op.get("SubType"), op.get("Name")), op["Status"] in TERMINAL) for op in operations
        }
        event = execution.DurableExecutionInvocationInputWithClient(
            durable_execution_arn=message["durableExecutionArn"],
            checkpoint_token=message["checkpointToken"],
            initial_execution_state=execution.InitialExecutionState(
                operations=[wire_to_operation(lambda_service, op) for op in operations], next_marker=""
            ),
            updated_operation_ids=message["updatedOperationIds"],
            service_client=EngineClient(self.channel, lambda_service),
        )
        try:
            output = self.handler(event, LambdaContext(message["invocation"]))
        except BaseException as error:  # noqa: BLE001 - reported to the engine as a crash of the invocation
            self.channel.send({"type": "crash", "message": f"{type(error).__name__}: {error}"})
            return
        self.channel.send({"type": "output", "output": output})


class EngineClient:
    """The SDK's DurableServiceClient protocol, answered by the engine's fake checkpoint service."""

    def __init__(self, channel, lambda_service):
        self.channel = channel
        self.types = lambda_service

    def checkpoint(self, durable_execution_arn, checkpoint_token, updates, client_token=None):
        answer = self.channel.request(
            {"type": "checkpoint", "checkpointToken": checkpoint_token, "updates": [u.to_dict() for u in updates]}
        )
        return self.types.CheckpointOutput(
            checkpoint_token=answer["checkpointToken"],
            new_execution_state=self.types.CheckpointUpdatedExecutionState(
                operations=[wire_to_operation(self.types, op) for op in answer["operations"]], next_marker=None
            ),
        )

    def get_execution_state(self, durable_execution_arn, checkpoint_token, next_marker, max_items=1000):
        # The whole state travels in InitialExecutionState: there is never a next page.
        return self.types.StateOutput(operations=[], next_marker=None)


def _defined_functions(handler_file):
    """The module's own top-level functions, from its source: decorators make the runtime objects look foreign."""
    with open(handler_file, "rb") as source:
        tree = ast.parse(source.read(), handler_file)
    return [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


class LoadError(Exception):
    """A handler problem the user must fix; its message is one sentence."""


def _raised_at(error, folder, handler_file):
    frames = traceback.extract_tb(error.__traceback__)
    own = [f for f in frames if os.path.abspath(f.filename).startswith(folder + os.sep)]
    frame = (own or frames or [None])[-1]
    return f"{frame.filename}:{frame.lineno}" if frame is not None else handler_file


def _suspend_at(frame):
    """A durable stop: suspend this thread under debugpy with the user's frame on top, at its durable call's line. The
    host's and the SDK's frames are outside justMyCode, so the editor shows the user's code; stepping from there runs
    the call (replayed or live) and stops at the user's next line."""
    import pydevd
    from _pydevd_bundle.pydevd_comm_constants import CMD_SET_BREAK

    debugger = pydevd.get_global_debugger()
    if debugger is None:
        return
    thread = threading.current_thread()
    debugger.set_suspend(thread, CMD_SET_BREAK)
    debugger.do_wait_suspend(thread, frame, "line", None)


def _start_debugging(python):
    """Under the debug adapter: serve DAP with debugpy's in-process adapter (no adapter process of its own, so the
    host's process group is the whole tree) and wait until the adapter has configured breakpoints. None, or the one
    sentence saying why debugpy cannot start."""
    settings = json.loads(os.environ.pop("DURABLE_REPLAY_DEBUG"))
    try:
        import debugpy
    except ImportError:
        # The interpreter's own debugpy comes first; one found elsewhere is appended, so it never shadows the user's
        # own packages.
        for entry in settings["sysPath"]:
            if entry not in sys.path:
                sys.path.append(entry)
        try:
            import debugpy
        except ImportError:
            return f"{python} cannot import debugpy: install it (pip install debugpy) or name its folder with the debugpyPath launch attribute."
    # pydevd's plugin packages declare their namespace with setuptools' pkg_resources when it imports (a fifth of a
    # second) and with pkgutil otherwise, to the same effect: hidden while debugpy starts (it loads them all then).
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None
    try:
        debugpy.listen(("127.0.0.1", settings["port"]), in_process_debug_adapter=True)
    finally:
        if hide and sys.modules.get("pkg_resources", False) is None:
            del sys.modules["pkg_resources"]
    debugpy.wait_for_client()
    return None


def main():
    channel = Channel(3)
    channel.start_reading()
    python = sys.executable or "python"
    if sys.version_info < (3, 11):
        version = ".".join(str(n) for n in sys.version_info[:3])
        channel.send({"type": "fatal", "message": f"{python} is Python {version}; the durable execution SDK needs Python 3.11 or later: choose another interpreter with --python or DURABLE_REPLAY_PYTHON."})
        return
    try:
        sdk = importlib.import_module(SDK)
        version = getattr(importlib.import_module(SDK + ".__about__"), "__version__", None)
    except ImportError as error:
        channel.send({"type": "fatal", "message": f"{python} cannot import {SDK} ({error}): install the SDK for that interpreter (pip install aws-durable-execution-sdk-python) or choose another with --python or DURABLE_REPLAY_PYTHON."})
        return
    if "DURABLE_REPLAY_DEBUG" in os.environ:
        problem = _start_debugging(python)
        if problem:
            channel.send({"type": "fatal", "message": problem})
            return
    replay = Replay(channel, sdk)
    baseline = set(sys.modules)
    while True:
        message = channel.inbox.get()
        if message["type"] == "load":
            if replay.handler is not None:
                replay.forget_user_modules(baseline)
            try:
                replay.load(message["handlerFile"], message["exportName"])
            except LoadError as error:
                channel.send({"type": "fatal", "message": str(error)})
                return
            channel.send({"type": "loaded", "python": python, **({"sdkVersion": version} if version else {})})
        elif message["type"] == "invoke":
            replay.invoke(message)


if __name__ == "__main__":
    main()
