// Launch attributes as the editor sends them (JSON over DAP): callback names are the user's, whatever they are.
import { strict as assert } from "node:assert";
import { resolve } from "node:path";
import { LaunchArgumentError, parseLaunchArguments } from "../../../src/debugAdapter/launchArguments";

const root = resolve(__dirname, "../../..");
const base = {
  handler: "test/fixtures/handlers/order.ts",
  log: "examples/order-workflow/logs/order.history.json",
  cwd: root,
};

describe("launch attributes", () => {
  it("keeps callbacks named __proto__, constructor and toString as answers", () => {
    // JSON.parse makes `__proto__` an own key, as the DAP message carries it.
    const raw = JSON.parse(
      JSON.stringify(base).replace(/}$/, ',"callbacks":{"__proto__":"p","constructor":{"ok":true},"toString":"t"}}'),
    );
    const { callbacks } = parseLaunchArguments(raw);
    assert.deepEqual(
      [...callbacks],
      [
        ["__proto__", "p"],
        ["constructor", '{"ok":true}'],
        ["toString", "t"],
      ],
    );
    assert.equal(callbacks.get("hasOwnProperty"), undefined, "no answer for a name the user did not give");
  });

  it("recordForce is a boolean, false unless set", () => {
    assert.equal(parseLaunchArguments({ ...base }).recordForce, false);
    assert.equal(parseLaunchArguments({ ...base, recordForce: true }).recordForce, true);
    assert.throws(
      () => parseLaunchArguments({ ...base, recordForce: "yes" as unknown as boolean }),
      (error: unknown) =>
        error instanceof LaunchArgumentError && /`recordForce` must be true or false/.test(error.message),
    );
  });

  it("refuses an input nested deeper than 1,000 levels, naming the attribute", () => {
    const input = JSON.parse(`${"[".repeat(5000)}${"]".repeat(5000)}`);
    assert.throws(
      () => parseLaunchArguments({ ...base, input }),
      (error: unknown) =>
        error instanceof LaunchArgumentError &&
        /^Launch attribute `input` holds a value that nests more than 1,000 levels deep/.test(error.message),
    );
    assert.deepEqual(parseLaunchArguments({ ...base, input: [[1]] }).input, { value: [[1]] });
  });
});
