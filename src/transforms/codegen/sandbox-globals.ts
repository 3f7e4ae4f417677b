// Injected by esbuild into the Data Transformation bundle in place of `globalThis`: zod keeps
// its config and schema registry on the global object, and the snippet must touch no global
// (ES2018 engines have no `globalThis`; a sandbox may freeze it). `jitless` keeps zod from
// compiling validators with `new Function`, which a sandbox may forbid.
const sandboxGlobals = { __zod_globalConfig: { jitless: true } };

export { sandboxGlobals as globalThis };
