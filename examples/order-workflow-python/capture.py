"""Captures the order workflow's history (complete, and cut after process_payment) with AWS's Python testing library.

Run from this folder, with the SDK and AWS's testing library importable
(pip install aws-durable-execution-sdk-python aws-durable-execution-sdk-python-testing):
    python3 capture.py
Writes logs/order.history.json and logs/order-cut.history.json: what GetDurableExecutionHistory with
IncludeExecutionData=true returns, the same shape as `aws lambda get-durable-execution-history --include-execution-data`.
"""

import json
import os

from aws_durable_execution_sdk_python_testing.runner import DurableFunctionTestRunner

from order import handler

LOGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "logs")
INPUT = '{"order_id":"o-123","amount":42}'


def as_json(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return str(value)


def history(runner, arn):
    """Every event of the execution: the library pages its history (100 events a page)."""
    events, marker = [], None
    while True:
        page = runner._executor.get_execution_history(arn, include_execution_data=True, marker=marker)
        page = page.to_dict() if hasattr(page, "to_dict") else page
        events += page.get("Events") or []
        marker = page.get("NextMarker")
        if not marker:
            return events


def cut_after_payment(events):
    """The history as it stood when process_payment had just succeeded: the wait and confirm_order are to come."""
    for index, event in enumerate(events):
        if event.get("EventType") == "StepSucceeded" and event.get("Name") == "process_payment":
            return events[: index + 1]
    raise SystemExit("the captured history has no StepSucceeded event for process_payment")


def write(name, events):
    with open(os.path.join(LOGS, name), "w", encoding="utf-8") as f:
        json.dump({"Events": events}, f, indent=1, default=as_json)
        f.write("\n")


def main():
    with DurableFunctionTestRunner(handler=handler) as runner:
        arn = runner.run_async(input=INPUT, execution_timeout=60)
        result = runner.wait_for_result(execution_arn=arn, timeout=60)
        events = history(runner, arn)
    write("order.history.json", events)
    write("order-cut.history.json", cut_after_payment(events))
    print(result.status, result.result)


if __name__ == "__main__":
    main()
