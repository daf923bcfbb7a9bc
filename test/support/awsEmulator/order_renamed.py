# order.py with process_payment renamed charge_card: replaying an order execution diverges at that step.
import os

from aws_durable_execution_sdk_python import DurableContext, durable_execution, durable_step, StepContext
from aws_durable_execution_sdk_python.config import Duration


def ran(name: str) -> None:
    folder = os.environ.get("SIDE_EFFECT_DIR")
    if folder:
        with open(os.path.join(folder, name), "a") as f:
            f.write("ran\n")


@durable_step
def validate_order(ctx: StepContext, order_id: str) -> dict:
    ran("validate_order")
    return {"order_id": order_id, "valid": True}


@durable_step
def charge_card(ctx: StepContext, order_id: str, amount: int) -> dict:
    ran("charge_card")
    return {"payment_id": f"pay-{order_id}", "charged": amount}


@durable_step
def confirm_order(ctx: StepContext, order_id: str) -> dict:
    ran("confirm_order")
    return {"order_id": order_id, "status": "CONFIRMED"}


@durable_execution
def handler(event: dict, context: DurableContext) -> dict:
    order_id = event["order_id"]
    context.step(validate_order(order_id))
    context.step(charge_card(order_id, event["amount"]))
    context.wait(Duration.from_seconds(10))
    return context.step(confirm_order(order_id))
