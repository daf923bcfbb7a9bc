# A long history for the fetch bench: event {"items": N} maps over N items (a child context each: two history
# events per item), concurrently, so the SDK batches their checkpoints and the history builds quickly.
from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import MapConfig


def double(ctx: DurableContext, item: int, index: int, items: list) -> int:
    return item * 2


@durable_execution
def handler(event: dict, context: DurableContext) -> int:
    result = context.map(list(range(event["items"])), double, name="double", config=MapConfig(max_concurrency=100))
    return sum(result.get_results())
