"""The floor of the Python replay bench: the bare SDK replays a log in-process with a minimal client.

Started by bench/pythonReplay.ts in a process of its own, like our host: Python start, SDK import, handler import,
log parse and the replay itself, nothing else. Operations become the SDK's objects through the host's own converter,
so both sides pay the same for that.
usage: python3 python_floor.py <durable_replay_host.py> <handler.py> <log.invocation.json> <expected result>
"""

import importlib.util
import json
import os
import sys
import time


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    host_file, handler_file, log_file, expected = sys.argv[1:5]
    sys.path.insert(0, os.path.dirname(handler_file))
    from aws_durable_execution_sdk_python import execution, lambda_service

    host = load("durable_replay_host", host_file)
    handler = load("bench_handler", handler_file).handler
    with open(log_file, encoding="utf-8") as f:
        log = json.load(f)
    checkpoints = []

    class MinimalClient:
        def checkpoint(self, durable_execution_arn, checkpoint_token, updates, client_token=None):
            checkpoints.append(updates)
            return lambda_service.CheckpointOutput(
                checkpoint_token="floor", new_execution_state=lambda_service.CheckpointUpdatedExecutionState()
            )

        def get_execution_state(self, durable_execution_arn, checkpoint_token, next_marker, max_items=1000):
            return lambda_service.StateOutput()

    started = time.perf_counter()
    event = execution.DurableExecutionInvocationInputWithClient(
        durable_execution_arn=log["DurableExecutionArn"],
        checkpoint_token=log["CheckpointToken"],
        initial_execution_state=execution.InitialExecutionState(
            operations=[
                host.wire_to_operation(lambda_service, op) for op in log["InitialExecutionState"]["Operations"]
            ],
            next_marker="",
        ),
        service_client=MinimalClient(),
    )
    output = handler(event, host.LambdaContext(0))
    replay_ms = (time.perf_counter() - started) * 1000
    if output.get("Status") != "SUCCEEDED" or output.get("Result") != expected or checkpoints:
        sys.exit(f"the bare SDK did not replay the log cleanly: {json.dumps(output)[:300]}, {len(checkpoints)} checkpoints")
    print(json.dumps({"replayMs": replay_ms}))


if __name__ == "__main__":
    main()
