/**
 * Substitutions of a build config: the user substitutions it defines, every `$` reference in the strings
 * Cloud Build substitutes into (all string values except scripts, which get none unless automapped), and
 * the defined ones no string uses. Part of the semantic layer (semantic-checker.ts).
 */

import { scanTemplate } from '../substitution-template';
import { type Obj, Problems, type Segments, closest, hint, isObj } from './build-problems';
import {
  BUILT_IN_SUBSTITUTIONS,
  OVERRIDABLE_BUILT_INS,
  PULL_REQUEST_SUBSTITUTIONS,
  USER_SUBSTITUTION,
} from './cloud-build-facts';

/** A name the build declares (a substitution or a secret env), where, and whether anything uses it. */
export interface Declared {
  readonly at: Segments;
  used: boolean;
}

export class SubstitutionChecker {
  private readonly substitutions = new Map<string, Declared>();
  private readonly loose: boolean;
  private readonly dynamic: boolean;
  private readonly globalAutomap: boolean;

  constructor(
    private readonly problems: Problems,
    private readonly build: Obj,
  ) {
    const options = isObj(build.options) ? build.options : {};
    this.loose = options.substitutionOption === 'ALLOW_LOOSE';
    this.dynamic = options.dynamicSubstitutions === true;
    this.globalAutomap = options.automapSubstitutions === true;
  }

  /** The user substitutions the build defines (built-ins it may not override are reported). */
  collect(): void {
    const subs = this.build.substitutions;
    if (!isObj(subs)) return;
    for (const key of Object.keys(subs)) {
      const at = ['substitutions', key];
      if (!USER_SUBSTITUTION.test(key)) {
        if (BUILT_IN_SUBSTITUTIONS.has(key) && !OVERRIDABLE_BUILT_INS.has(key)) {
          this.problems.add(at, `"${key}" is a built-in substitution Cloud Build sets; it cannot be overridden`);
        } else if (!OVERRIDABLE_BUILT_INS.has(key)) {
          this.problems.add(
            at,
            `user substitution names must match _[A-Z0-9_]+ (a leading "_", then upper-case letters, digits or "_"), got "${key}"`,
          );
        }
        continue;
      }
      this.substitutions.set(key, { at, used: false });
    }
  }

  /** Every string Cloud Build substitutes into: all string values except `script` and the keys. */
  scan(): void {
    const automapSteps = new Set<number>();
    if (Array.isArray(this.build.steps)) {
      this.build.steps.forEach((s, i) => {
        if (isObj(s) && (s.automapSubstitutions === true || (this.globalAutomap && s.automapSubstitutions !== false))) {
          automapSteps.add(i);
        }
      });
    }
    const visit = (value: unknown, at: Segments) => {
      if (typeof value === 'string') {
        this.checkString(value, at, automapSteps);
      } else if (Array.isArray(value)) {
        value.forEach((v, i) => visit(v, [...at, i]));
      } else if (isObj(value)) {
        for (const [k, v] of Object.entries(value)) visit(v, [...at, k]);
      }
    };
    visit(this.build, []);
  }

  private checkString(value: string, at: Segments, automapSteps: ReadonlySet<number>): void {
    const inScript = at.length === 3 && at[0] === 'steps' && at[2] === 'script';
    const { references, lowercaseVariables } = scanTemplate(value);
    if (inScript) {
      // Scripts get no substitutions: `$_X` only works as an environment variable (automap).
      const automapped = automapSteps.has(at[1] as number);
      if (value.includes('$$')) {
        this.problems.warn(
          at,
          'scripts get no substitutions, so "$$" stays "$$" (bash reads it as its process id); write a single "$"',
        );
      }
      for (const r of references) {
        const isSubstitution = this.substitutions.has(r.name) || BUILT_IN_SUBSTITUTIONS.has(r.name);
        if (!isSubstitution) continue;
        if (automapped) this.markUsed(r.name);
        else {
          this.problems.warn(
            at,
            `${r.text} is not substituted in a script; set automapSubstitutions: true (step or options) to get it as an environment variable`,
          );
        }
      }
      return;
    }
    for (const r of references) {
      if (r.bashExpansion && !this.dynamic) {
        this.problems.add(
          at,
          `bash-style expansion "${r.text}" needs options.dynamicSubstitutions: true (triggered builds have it, ` +
            `manual builds do not); for the shell, escape it as "$${r.text}"`,
        );
        continue;
      }
      if (this.substitutions.has(r.name)) this.markUsed(r.name);
      else if (BUILT_IN_SUBSTITUTIONS.has(r.name) || PULL_REQUEST_SUBSTITUTIONS.has(r.name)) continue;
      else if (r.name.startsWith('_')) {
        const message = `substitution ${r.text} is used but not defined in "substitutions"${hint(
          closest(r.name, this.substitutions.keys()),
        )}`;
        if (this.loose) this.problems.warn(at, `${message} (ALLOW_LOOSE: it becomes an empty string)`);
        else this.problems.add(at, message);
      } else {
        this.problems.add(
          at,
          `${r.text} is not a built-in substitution; escape shell variables as "$${r.text}"${
            this.substitutions.has(`_${r.name}`) ? ` or use the user substitution $_${r.name}` : ''
          }`,
        );
      }
    }
    const isCommand = at[0] === 'steps' && (at[2] === 'args' || at[2] === 'entrypoint');
    if (isCommand) {
      for (const v of lowercaseVariables) {
        this.problems.warn(
          at,
          `shell variable ${v.text} is not escaped; Cloud Build leaves lower-case names alone, but "$${v.text}" says what you mean`,
        );
      }
    }
  }

  private markUsed(name: string): void {
    const d = this.substitutions.get(name);
    if (d !== undefined) d.used = true;
  }

  /** Defined substitutions that no string uses. */
  reportUnused(): void {
    for (const [name, d] of this.substitutions) {
      if (d.used) continue;
      const message = `substitution "${name}" is defined but never used`;
      if (this.loose) this.problems.warn(d.at, `${message} (accepted with ALLOW_LOOSE)`);
      else this.problems.add(d.at, `${message} (manual builds fail on it unless substitutionOption is ALLOW_LOOSE)`);
    }
  }
}
