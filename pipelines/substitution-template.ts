/**
 * Finds the `$` references Cloud Build substitutes in a string field of a build.
 *
 * Cloud Build's rules (https://cloud.google.com/build/docs/configuring-builds/substitute-variable-values):
 * - `$$` is an escaped, literal `$` (how shell variables survive: `$$HOME` reaches bash as `$HOME`);
 * - `$NAME` and `${NAME}` with NAME matching `[A-Z_][A-Z0-9_]*` are substitutions: a built-in
 *   (`$PROJECT_ID`, `$SHORT_SHA`, …) or a user substitution (`$_REGION`); any other upper-case
 *   name is rejected by the service ("key in the template … is not a valid built-in substitution");
 * - with `options.dynamicSubstitutions` (always on for triggered builds) `${NAME<bash operator>…}`
 *   is evaluated bash-style, e.g. `${_TAG:-dev}`, `${BRANCH_NAME/\//-}`;
 * - anything else after a lone `$` (`$1`, `$(cmd)`, `$home`) is left alone.
 */

/** One reference found in a string. */
export interface TemplateReference {
  /** Substitution name without `$`/braces, e.g. `_REGION`. */
  readonly name: string;
  /** The text as written, e.g. `${_TAG:-dev}`. */
  readonly text: string;
  /** Offset of the `$` in the string. */
  readonly offset: number;
  /** `${NAME…}` with a bash operator after the name (needs dynamic substitutions). */
  readonly bashExpansion: boolean;
}

/** A `$` followed by a lower-case name: a shell variable that was probably meant to be escaped. */
export interface LowercaseVariable {
  readonly text: string;
  readonly offset: number;
}

/** What a scan of one string finds. */
export interface TemplateScan {
  readonly references: readonly TemplateReference[];
  readonly lowercaseVariables: readonly LowercaseVariable[];
}

const UPPER_START = /[A-Z_]/;
const NAME_CHAR = /[A-Z0-9_]/;
const LOWER_NAME = /^[a-z][A-Za-z0-9_]*/;

/** Scans one string for substitution references. Pure. */
export function scanTemplate(input: string): TemplateScan {
  const references: TemplateReference[] = [];
  const lowercaseVariables: LowercaseVariable[] = [];
  let i = 0;
  while (i < input.length) {
    if (input[i] !== '$') {
      i += 1;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      i += 2; // escaped literal `$`
      continue;
    }
    if (next === '{') {
      const close = input.indexOf('}', i + 2);
      const inner = close === -1 ? '' : input.slice(i + 2, close);
      let n = 0;
      if (inner.length > 0 && UPPER_START.test(inner[0])) {
        n = 1;
        while (n < inner.length && NAME_CHAR.test(inner[n])) n += 1;
      }
      if (n > 0 && (n === inner.length || !/[a-z]/.test(inner[n]))) {
        references.push({
          name: inner.slice(0, n),
          text: input.slice(i, close + 1),
          offset: i,
          bashExpansion: n < inner.length,
        });
        i = close + 1;
        continue;
      }
      const lower = LOWER_NAME.exec(inner);
      if (lower && close !== -1) lowercaseVariables.push({ text: input.slice(i, close + 1), offset: i });
      i += 2;
      continue;
    }
    if (next !== undefined && UPPER_START.test(next)) {
      let end = i + 2;
      while (end < input.length && NAME_CHAR.test(input[end])) end += 1;
      // `$FOO` directly followed by lower-case letters is still the key FOO for Cloud Build.
      references.push({ name: input.slice(i + 1, end), text: input.slice(i, end), offset: i, bashExpansion: false });
      i = end;
      continue;
    }
    const lower = LOWER_NAME.exec(input.slice(i + 1));
    if (lower) lowercaseVariables.push({ text: `$${lower[0]}`, offset: i });
    i += 1;
  }
  return { references, lowercaseVariables };
}

/**
 * Applies substitutions the way Cloud Build does to a non-script string field: `$$` becomes `$`,
 * `$NAME`/`${NAME}` become their value, unknown names an empty string (as built-ins missing from a
 * manual build). Bash-style expansions are left as written. Pure; used to run the generated step
 * scripts in tests exactly as a build would see them.
 */
export function applySubstitutions(input: string, values: Readonly<Record<string, string>>): string {
  const { references } = scanTemplate(input);
  let out = '';
  let last = 0;
  for (const r of references) {
    if (r.bashExpansion) continue;
    out += unescape(input.slice(last, r.offset)) + (values[r.name] ?? '');
    last = r.offset + r.text.length;
  }
  return out + unescape(input.slice(last));
}

/** `$$` → `$` in a stretch of text that holds no substitution reference. */
function unescape(text: string): string {
  return text.replace(/\$\$/g, '$');
}
