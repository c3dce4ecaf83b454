// @doyensec/electronegativity ships no types; only the part the scan test uses.
declare module '@doyensec/electronegativity' {
  const run: unknown;
  export default run;
}
