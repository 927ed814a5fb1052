import { Root, type Type } from 'protobufjs';

/** Proto package of the Cloud Build v1 API. */
export const CLOUD_BUILD_PACKAGE = 'google.devtools.cloudbuild.v1';

/** Where `@google-cloud/cloudbuild` ships its protos (protobuf.js JSON form, camelCase field names). */
export const CLOUD_BUILD_PROTOS_JSON = '@google-cloud/cloudbuild/build/protos/protos.json';

let root: Root | undefined;
let rawJson: Record<string, unknown> | undefined;

function protosJson(): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  rawJson ??= require(CLOUD_BUILD_PROTOS_JSON) as Record<string, unknown>;
  return rawJson;
}

/**
 * The Cloud Build protos as a resolved protobuf.js root, loaded once from the installed
 * `@google-cloud/cloudbuild` package: the same schema the client library serialises with.
 */
export function cloudBuildRoot(): Root {
  if (root === undefined) {
    root = Root.fromJSON(protosJson());
    root.resolveAll();
  }
  return root;
}

/** A message type of the Cloud Build v1 package, e.g. `Build`, `BuildTrigger`. */
export function cloudBuildType(name: string): Type {
  return cloudBuildRoot().lookupType(`${CLOUD_BUILD_PACKAGE}.${name}`);
}

/**
 * Enum values marked `deprecated` in the protos, e.g. `N1_HIGHCPU_8`. protobuf.js drops value
 * options when it builds an `Enum`, so they are read from the JSON descriptor itself.
 */
export function deprecatedEnumValues(enumFullName: string): ReadonlySet<string> {
  let node: unknown = protosJson();
  for (const part of enumFullName.replace(/^\./, '').split('.')) {
    node = (node as { nested?: Record<string, unknown> } | undefined)?.nested?.[part];
  }
  const options = (node as { valuesOptions?: Record<string, { deprecated?: boolean }> } | undefined)?.valuesOptions;
  return new Set(
    Object.entries(options ?? {})
      .filter(([, o]) => o.deprecated === true)
      .map(([name]) => name),
  );
}
