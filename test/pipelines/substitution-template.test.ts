import fc from 'fast-check';
import { applySubstitutions, scanTemplate } from '../../pipelines/substitution-template';

const names = (s: string) => scanTemplate(s).references.map((r) => r.name);

describe('scanTemplate', () => {
  it('finds $NAME and ${NAME} references, built-in or user', () => {
    expect(names('gs://$_BUCKET/${_PATH}/x-$PROJECT_ID')).toEqual(['_BUCKET', '_PATH', 'PROJECT_ID']);
  });

  it('skips escaped $$ and what follows it', () => {
    expect(names('echo $$HOME $${USER} $$$_X')).toEqual(['_X']);
  });

  it('ends a name at the first character outside [A-Z0-9_]', () => {
    const [ref] = scanTemplate('$_REGION-docker.pkg.dev').references;
    expect(ref).toEqual({ name: '_REGION', text: '$_REGION', offset: 0, bashExpansion: false });
  });

  it('marks ${NAME<operator>…} as a bash-style expansion', () => {
    expect(scanTemplate('${_TAG:-dev} ${BRANCH_NAME/\\//-}').references).toEqual([
      { name: '_TAG', text: '${_TAG:-dev}', offset: 0, bashExpansion: true },
      { name: 'BRANCH_NAME', text: '${BRANCH_NAME/\\//-}', offset: 13, bashExpansion: true },
    ]);
  });

  it('leaves $1, $(cmd), $@ and a trailing $ alone', () => {
    expect(scanTemplate('awk "{print $1}" $(date) $@ cost$').references).toEqual([]);
  });

  it('reports lower-case variables separately', () => {
    expect(scanTemplate('echo $home ${user} $$ok').lowercaseVariables.map((v) => v.text)).toEqual(['$home', '${user}']);
  });
});

describe('applySubstitutions', () => {
  const values = { _REGION: 'europe-west1', PROJECT_ID: 'acme', SHORT_SHA: '' };

  it('replaces references, unescapes $$ and empties unknown names', () => {
    expect(applySubstitutions('$_REGION-docker.pkg.dev/${PROJECT_ID}:$SHORT_SHA $$HOME $NOPE.', values)).toBe(
      'europe-west1-docker.pkg.dev/acme: $HOME .',
    );
  });

  it('leaves bash-style expansions for the shell', () => {
    expect(applySubstitutions('TAG="$${TAG:-manual-$PROJECT_ID}" ${_X:-y}', values)).toBe(
      'TAG="${TAG:-manual-acme}" ${_X:-y}',
    );
  });

  it('returns any text back once its dollars are escaped (property)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(applySubstitutions(text.replace(/\$/g, '$$$$'), values)).toBe(text);
      }),
    );
  });

  it('is the identity on text without a dollar (property)', () => {
    fc.assert(
      fc.property(
        fc.string().filter((t) => !t.includes('$')),
        (text) => {
          expect(applySubstitutions(text, values)).toBe(text);
          expect(scanTemplate(text).references).toEqual([]);
        },
      ),
    );
  });
});
