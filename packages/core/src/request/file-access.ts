/** How core reaches files given by path; the Node entry point supplies one backed by `node:fs`. */
export interface FileAccess {
  /** Size and base name of a file, or a thrown error whose message says what is wrong. */
  describe(path: string): Promise<{ size: number; name: string }>;
  /** Streams the file's bytes; called again for each attempt. */
  open(path: string): AsyncIterable<Uint8Array>;
}

export const noFileAccess: FileAccess = {
  describe: async () => {
    throw new Error(
      'files by path need the Node entry point (@workspan-kit/core/node) or a fileAccess option',
    );
  },
  open: () => {
    throw new Error(
      'files by path need the Node entry point (@workspan-kit/core/node) or a fileAccess option',
    );
  },
};
