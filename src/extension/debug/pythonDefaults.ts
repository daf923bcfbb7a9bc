// Defaults of a Python replay from the editor: the Python extension's selected interpreter, and the debugpy bundled
// with the Python Debugger extension (ms-python.debugpy) for an interpreter that has none of its own.
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";

interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
  };
}

/** The interpreter the Python extension has selected for `resource`, when that extension is installed. */
export async function selectedPythonInterpreter(resource: vscode.Uri | undefined): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>("ms-python.python");
  if (!extension) return undefined;
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    return api?.environments?.getActiveEnvironmentPath(resource)?.path || undefined;
  } catch {
    // A Python extension that fails to start leaves the default interpreter.
    return undefined;
  }
}

/** `<extension>/bundled/libs`, the folder holding the debugpy package, when it is laid out that way. */
export function bundledDebugpyFolder(extensionPath: string): string | undefined {
  const libs = join(extensionPath, "bundled", "libs");
  return existsSync(join(libs, "debugpy", "__init__.py")) ? libs : undefined;
}

/** The debugpy bundled with the Python Debugger extension, when installed. */
export function installedDebugpyFolder(): string | undefined {
  const extension = vscode.extensions.getExtension("ms-python.debugpy");
  return extension ? bundledDebugpyFolder(extension.extensionPath) : undefined;
}
