// Recorded names and payloads are untrusted text: in the hover (rendered by marked, as VS Code renders hover
// markdown, with GFM) they must not become links, and the after-line hint must not carry control characters.
import { strict as assert } from "node:assert";
import { marked } from "marked";
import { hintText, hoverMarkdown } from "../../../src/extension/marks/operationHints";
import type { OperationRecord } from "../../../src/protocol/operations";

const record: OperationRecord = {
  seq: 0,
  path: "1",
  id: "c4ca4238a0b92382",
  type: "STEP",
  subType: "Step",
  name: "fetch_page",
  method: "step",
  state: "replayed",
  recorded: { status: "SUCCEEDED", result: { ok: true } },
};

const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe("hostile text in hovers and hints", () => {
  for (const name of ["https://2130706433/login", "www.example.com", "evil@example.com", "http://a.b/c?d=e"]) {
    it(`an operation named ${name} renders as text, not a link`, () => {
      const html = marked.parse(hoverMarkdown({ ...record, name }), { gfm: true, async: false });
      assert.doesNotMatch(html, /<a\b/, html);
      // What the user reads is the name as recorded.
      assert.ok(html.includes(name.replaceAll("&", "&amp;")), html);
    });
  }

  it("a divergence sentence with a URL in the hover renders as text", () => {
    const html = marked.parse(
      hoverMarkdown({ ...record, state: "diverged" }, undefined, "code called https://example.com/x instead"),
      { gfm: true, async: false },
    );
    assert.doesNotMatch(html, /<a\b/, html);
  });

  it("the after-line hint shows control and bidi characters escaped", () => {
    const evil = "ok\u001b[2K\u0007\r\u202eevil\u009b";
    const replayed = hintText({ ...record, recorded: { status: "SUCCEEDED", result: evil } }, 200);
    assert.doesNotMatch(replayed, CONTROL_OR_BIDI, JSON.stringify(replayed));
    const diverged = hintText({ ...record, state: "diverged", name: evil }, 200, undefined, `named ${evil}`);
    assert.doesNotMatch(diverged, CONTROL_OR_BIDI, JSON.stringify(diverged));
    assert.match(diverged, /named ok\\e\[2K\\u0007\\r\\u202eevil\\u009b/, "shown as escapes, not dropped");
    const failed = hintText(
      { ...record, recorded: { status: "FAILED", error: { ErrorType: "E\u202e", ErrorMessage: evil } } },
      200,
    );
    assert.doesNotMatch(failed, CONTROL_OR_BIDI, JSON.stringify(failed));
  });

  it("the hover shows control and bidi characters of a name escaped", () => {
    const [title] = hoverMarkdown({ ...record, name: "a\u202eb\u001bc\nd" }).split("\n");
    assert.doesNotMatch(title, CONTROL_OR_BIDI);
    assert.match(title, /a.*u202eb.*ec.*nd/);
  });
});
