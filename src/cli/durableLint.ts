// Entry point; implementation lands with its issue.
export {};
