// Where the debug adapter finds debugpy for a Python handler, in its documented order, and the one sentence without.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEBIAN_DIST_PACKAGES, locateDebugpy } from "../../src/debugAdapter/debugpyLocator";

/** A folder laid out like the Python Debugger extension: `bundled/libs/debugpy/__init__.py`. */
function extensionLike(): string {
  const root = mkdtempSync(join(tmpdir(), "ms-python.debugpy-"));
  mkdirSync(join(root, "bundled", "libs", "debugpy"), { recursive: true });
  writeFileSync(join(root, "bundled", "libs", "debugpy", "__init__.py"), "");
  return root;
}

// This machine's python3 has no debugpy of its own (Debian's sits outside its sys.path), as the brief's setup says.
const env = { ...process.env, PYTHONPATH: "" };

describe("debugpy lookup", () => {
  it("takes the debugpyPath folder (the extension's bundled/libs), or the debugpy package folder itself", () => {
    const libs = join(extensionLike(), "bundled", "libs");
    assert.deepEqual(locateDebugpy("python3", env, libs, []), [libs]);
    assert.deepEqual(locateDebugpy("python3", env, join(libs, "debugpy"), []), [libs]);
  });

  it("falls back to Debian's python3-debugpy folder, appended rather than replacing the interpreter's own", () => {
    assert.deepEqual(locateDebugpy("python3", env, undefined), [DEBIAN_DIST_PACKAGES]);
  });

  it("names debugpyPath when it holds no debugpy", () => {
    const empty = mkdtempSync(join(tmpdir(), "no-debugpy-"));
    assert.throws(
      () => locateDebugpy("python3", env, empty, []),
      /`debugpyPath` names .*no-debugpy-.*, which holds no debugpy/,
    );
  });

  it("says in one sentence to pip install debugpy when there is none anywhere", () => {
    assert.throws(
      () => locateDebugpy("python3", env, undefined, []),
      (error: Error) => {
        assert.match(error.message, /^python3 cannot import debugpy.*\(pip install debugpy\).*debugpyPath/);
        assert.equal(error.message.split("\n").length, 1);
        return true;
      },
    );
  });

  it("needs nothing appended when the interpreter imports debugpy itself", () => {
    const withDebian = { ...env, PYTHONPATH: DEBIAN_DIST_PACKAGES };
    assert.deepEqual(locateDebugpy("python3", withDebian, undefined, []), []);
  });
});
