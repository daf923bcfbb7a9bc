"""AWS's local durable-execution API server (the web server of AWS's Python testing library) serving executions of
real Python handlers, for the AWS tests. Adapted from ../shared/fixtures/aws-emulator/emulator.py.

usage: emulator.py SPEC_JSON
SPEC_JSON: [{"module": "order", "function": "order-fn", "inputs": [<event>, ...]}, ...]
Runs every input through the testing library's in-process executor (time skipped), prints "ARN <function> <arn>" per
execution, then "READY <port>" once it listens on 127.0.0.1 (a free port), then "REQUEST <method> <path>" per request
it answers, so tests can count what a client asked."""
import importlib, json, sys
from aws_durable_execution_sdk_python_testing.runner import DurableFunctionTestRunner
from aws_durable_execution_sdk_python_testing.stores.memory import InMemoryExecutionStore
from aws_durable_execution_sdk_python_testing.web.server import RequestHandler, WebServer, WebServiceConfig

spec = json.loads(sys.argv[1])
# Every function's executions live in one store, so one server lists them all.
store = InMemoryExecutionStore()
runners = []
for function in spec:
    mod = importlib.import_module(function["module"])
    runner = DurableFunctionTestRunner(handler=mod.handler, store=store)
    runners.append(runner)
    for i, event in enumerate(function["inputs"]):
        arn = runner.run_async(
            input=json.dumps(event), execution_timeout=600, function_name=function["function"], execution_name=f"exec-{i}"
        )
        runner.wait_for_result(execution_arn=arn, timeout=600)
        print("ARN", function["function"], arn, flush=True)


class CountingHandler(RequestHandler):
    def _handle_request(self, method):
        print("REQUEST", method, self.path, flush=True)
        super()._handle_request(method)


server = WebServer(config=WebServiceConfig(host="127.0.0.1", port=0), executor=runners[0]._executor)
server.RequestHandlerClass = CountingHandler
print("READY", server.server_address[1], flush=True)
server.serve_forever()
