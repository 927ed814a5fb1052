import { findNames } from '../src/ml/pii/name-detector';
for (const t of process.argv.slice(2))
  console.log(t, JSON.stringify(findNames(t).map((s) => [s.type, t.slice(s.start, s.end)])));
