import { fromProto3JSON } from 'proto3-json-serializer';
import { LineCounter, parseAllDocuments, type Document, type Tags } from 'yaml';
import { type BuildProblem, type Obj, Problems, type Segments, describeValue, isObj } from './build-problems';
import { camelCaseKeys, withoutNulls } from './document-normalisation';
import { SchemaWalker } from './schema-walker';
import { SemanticChecker } from './semantic-checker';
import { cloudBuildType } from '../cloud-build-protos';

export { formatPath, formatProblem, type BuildProblem, type Severity } from './build-problems';
export { DOCUMENTED_EXTRA_FIELDS, LIMITS } from './cloud-build-facts';

/**
 * A strict, offline validator for Cloud Build config files (ours or anyone's).
 *
 * Two layers, every problem reported with its path:
 * 1. Schema: a walk over the field names of `google.devtools.cloudbuild.v1.Build` from the protos
 *    `@google-cloud/cloudbuild` ships (unknown or misspelled keys at any depth, wrong types, bad enum
 *    values, output-only fields, oneofs), with `proto3-json-serializer` for Duration strings and as a
 *    final cross-check. `Build.fromObject` is no help here: it silently drops unknown keys.
 * 2. Semantics from the Cloud Build docs (https://cloud.google.com/build/docs/build-config-file-schema,
 *    .../configuring-builds/substitute-variable-values, .../securing-builds/use-secrets): step ids
 *    and `waitFor`, `script` vs `args`, substitutions defined/used, `$` escaping, secrets, volumes,
 *    limits (300 steps, 100 args of at most 10,000 characters, timeouts up to 24 hours).
 */

/**
 * Validates a parsed build config (the object a YAML or JSON file holds). Returns every problem
 * found, errors and warnings; an empty list means Cloud Build should accept the file.
 */
export function validateBuild(doc: unknown): BuildProblem[] {
  const problems = new Problems();
  if (!isObj(doc)) {
    problems.add([], `a build config must be a mapping with at least "steps", got ${describeValue(doc)}`);
    return problems.list;
  }
  const buildType = cloudBuildType('Build');
  new SchemaWalker(problems).message(buildType, doc, []);
  new SemanticChecker(problems, camelCaseKeys(doc) as Obj).run();
  if (problems.errorCount === 0) {
    // Cross-check: the document must also convert through proto3 JSON into a Build message.
    try {
      fromProto3JSON(buildType, withoutNulls(doc) as never);
    } catch (err) {
      problems.add([], `does not convert to a Build message: ${(err as Error).message}`);
    }
  }
  return problems.list;
}

/**
 * Parses YAML (or JSON) text and validates it; problems carry the line of the value they concern.
 * YAML 1.1 rules are used, like gcloud's parser: unquoted `yes`/`no`/`on`/`off` are booleans.
 */
export function validateBuildYaml(text: string): BuildProblem[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: '1.1',
    merge: true,
    lineCounter,
    prettyErrors: false,
    customTags: gcloudYamlTags,
  });
  const list = Array.isArray(docs) ? docs : [];
  const yamlProblems: BuildProblem[] = [];
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  for (const d of list) {
    for (const e of d.errors) {
      yamlProblems.push({
        path: '(root)',
        segments: [],
        message: `YAML: ${e.message.split('\n')[0]}`,
        severity: 'error',
        line: lineOf(e.pos[0]),
      });
    }
  }
  if (list.length === 0 || (list.length === 1 && list[0].contents === null)) {
    return [...yamlProblems, { path: '(root)', segments: [], message: 'the file is empty', severity: 'error' }];
  }
  if (list.length > 1) {
    yamlProblems.push({
      path: '(root)',
      segments: [],
      message: `holds ${list.length} YAML documents; a build config is one document`,
      severity: 'error',
      line: lineOf(list[1].range[0]),
    });
  }
  if (yamlProblems.length > 0) return yamlProblems;
  const doc = list[0];
  const problems = validateBuild(doc.toJS({ maxAliasCount: 1000 }));
  return problems.map((p) => ({ ...p, line: lineFor(doc, p.segments, lineOf) }));
}

/**
 * YAML 1.1 as gcloud's parser (PyYAML) reads it: `yes`/`no`/`on`/`off`/`true`/`false` are
 * booleans but `y`/`n` are not, and a lone `.` is a string, not a float.
 */
function gcloudYamlTags(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || !('test' in tag) || tag.test === undefined) return tag;
    if (tag.tag === 'tag:yaml.org,2002:bool') {
      const truthy = tag.test.test('true');
      return {
        ...tag,
        test: truthy ? /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/ : /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      };
    }
    if (tag.tag === 'tag:yaml.org,2002:float') {
      return { ...tag, test: new RegExp(`^(?![-+]?\\.$)${tag.test.source.slice(1)}`) };
    }
    return tag;
  });
}

function lineFor(doc: Document, segments: Segments, lineOf: (offset: number) => number): number | undefined {
  for (let n = segments.length; n >= 0; n -= 1) {
    const node = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lineOf(range[0]);
  }
  return undefined;
}
