/** The spans the name rules find: a person or a place, [start, end) in the text. */

export type NameType = 'PERSON' | 'LOCATION';

export interface NameSpan {
  readonly type: NameType;
  readonly start: number;
  readonly end: number;
}
