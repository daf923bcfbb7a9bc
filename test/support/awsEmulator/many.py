# A long history for the fetch bench: event {"steps": N} runs N steps (two history events each).
from aws_durable_execution_sdk_python import DurableContext, durable_execution, durable_step, StepContext


@durable_step
def item(ctx: StepContext, index: int) -> int:
    return index


@durable_execution
def handler(event: dict, context: DurableContext) -> int:
    total = 0
    for index in range(event["steps"]):
        total += context.step(item(index))
    return total
