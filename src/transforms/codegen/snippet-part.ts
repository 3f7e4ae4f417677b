/** One piece of a generated Data Transformation: a top-level declaration of the transforms. */
export interface SnippetPart {
  /** The name it declares. */
  readonly name: string;
  /** Index of its module in `SNIPPET_MODULES`. */
  readonly module: number;
  /** Its code: ES2018 JavaScript, formatted, with its comments. */
  readonly code: string;
  /** Indexes of the pieces it uses. */
  readonly needs: readonly number[];
}
