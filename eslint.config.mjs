// `npm run lint`: typescript-eslint's recommended and type-checked rules that find real bugs, import cycles, and the
// architecture's layers as import restrictions (README, "Architecture"). Formatting is prettier's (`format:check`).
import js from "@eslint/js";
import { importX } from "eslint-plugin-import-x";
import globals from "globals";
import tseslint from "typescript-eslint";

const DAP = ["@vscode/debugadapter", "@vscode/debugadapter/*", "@vscode/debugadapter-*"];
const DAP_LSP = [
  ...DAP,
  "@vscode/debugprotocol",
  "vscode-languageserver",
  "vscode-languageserver*",
  "vscode-languageclient*",
];

/** `no-restricted-imports` for one layer; a later config for the same files replaces the rule, so each layer lists all. */
function layer(files, ignores, restrictions) {
  return {
    files,
    ignores,
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: restrictions.map(({ group, message }) => ({ group, message, allowTypeImports: false })) },
      ],
    },
  };
}
const noVscode = { group: ["vscode"], message: "Only src/extension may import vscode." };
const noDebugAdapter = { group: DAP.slice(0, 2), message: "Only src/debugAdapter may import @vscode/debugadapter." };
const noDapLsp = { group: DAP_LSP, message: "src/replay and src/lint import no DAP or LSP library." };
const noHost = {
  group: ["**/replay/node", "**/replay/node/**"],
  message:
    "The debug adapter does not import the host's code (src/replay/node); share it through src/replay/session or src/protocol.",
};

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "test/fixtures/**",
      "test/e2e/workspace/**",
      "examples/**",
      "test-results/**",
      ".tmp/**",
      "**/*.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".mts", ".cts"] },
      "import-x/resolver-next": [importX.createNodeResolver({ extensions: [".ts", ".mts", ".cts", ".js", ".mjs"] })],
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      // DebugSession's request handlers are overridden as async methods, as the library intends.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { inheritedMethods: false } }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-require-imports": ["error", { allowAsImport: true }],
      // Async methods that satisfy an async interface without awaiting are fine.
      "@typescript-eslint/require-await": "off",
      // The replay host wraps arbitrary user and SDK functions: `Function` is the honest type there.
      "@typescript-eslint/no-unsafe-function-type": "off",
      // Reports every method of TypeScript's compiler host and similar this-free APIs.
      "@typescript-eslint/unbound-method": "off",
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      // Control characters in patterns are deliberate where they appear: escaping terminal text, and its tests.
      "no-control-regex": "off",
    },
  },
  {
    // Tests, benchmarks and scripts read JSON they just wrote and check its shape with assertions.
    files: ["test/**", "bench/**", "scripts/**"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  {
    // The timeline webview's script runs in the browser.
    files: ["media/**/*.js"],
    languageOptions: { globals: { ...globals.browser, acquireVsCodeApi: "readonly" } },
  },
  {
    // Plain JavaScript (build scripts, the mocha reporter) is not in the TypeScript project.
    files: ["**/*.mjs", "**/*.cjs", "**/*.js"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  layer(
    ["src/**"],
    ["src/extension/**", "src/debugAdapter/**", "src/replay/**", "src/lint/**"],
    [noVscode, noDebugAdapter],
  ),
  layer(["src/debugAdapter/**"], [], [noVscode, noHost]),
  layer(["src/replay/**", "src/lint/**"], [], [noVscode, noDapLsp]),
  layer(["src/extension/**"], [], [noDebugAdapter]),
);
