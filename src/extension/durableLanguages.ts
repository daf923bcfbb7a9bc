// Languages whose files can hold durable handlers: the CodeLens, the handler scan and the lint client all cover these.
export const DURABLE_LANGUAGES: readonly string[] = [
  "typescript",
  "typescriptreact",
  "javascript",
  "javascriptreact",
  "python",
];

/** Document selector of the durable languages' files on disk. */
export const DURABLE_DOCUMENTS = DURABLE_LANGUAGES.map((language) => ({ scheme: "file", language }));
