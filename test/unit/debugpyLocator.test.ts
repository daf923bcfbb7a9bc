// Where the debug adapter looks for a debugpy folder for a Python handler whose interpreter has none of its own, in its
// documented order, and the one sentence for a debugpyPath without it. (An interpreter's own debugpy, and none
// anywhere, are the host's to find: test/dap/pythonOrderWorkflow.test.ts.)
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEBIAN_DIST_PACKAGES, debugpyFallback } from "../../src/debugAdapter/debugpyLocator";

/** A folder laid out like the Python Debugger extension: `bundled/libs/debugpy/__init__.py`. */
function extensionLike(): string {
  const root = mkdtempSync(join(tmpdir(), "ms-python.debugpy-"));
  mkdirSync(join(root, "bundled", "libs", "debugpy"), { recursive: true });
  writeFileSync(join(root, "bundled", "libs", "debugpy", "__init__.py"), "");
  return root;
}

describe("debugpy lookup", () => {
  it("takes the debugpyPath folder (the extension's bundled/libs), or the debugpy package folder itself", () => {
    const libs = join(extensionLike(), "bundled", "libs");
    assert.deepEqual(debugpyFallback(libs, []), [libs]);
    assert.deepEqual(debugpyFallback(join(libs, "debugpy"), []), [libs]);
  });

  it("takes debugpyPath ahead of Debian's folder", () => {
    const libs = join(extensionLike(), "bundled", "libs");
    assert.deepEqual(debugpyFallback(libs), [libs]);
  });

  it("falls back to Debian's python3-debugpy folder", () => {
    assert.deepEqual(debugpyFallback(undefined), [DEBIAN_DIST_PACKAGES]);
  });

  it("names debugpyPath when it holds no debugpy", () => {
    const empty = mkdtempSync(join(tmpdir(), "no-debugpy-"));
    assert.throws(() => debugpyFallback(empty, []), /`debugpyPath` names .*no-debugpy-.*, which holds no debugpy/);
  });

  it("has nothing to offer when no fallback folder holds debugpy", () => {
    assert.deepEqual(debugpyFallback(undefined, [mkdtempSync(join(tmpdir(), "no-debugpy-"))]), []);
  });
});
