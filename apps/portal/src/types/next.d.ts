// The ambient types next-env.d.ts provides (CSS modules, images), kept in the source tree so
// `tsc --noEmit` works on a fresh checkout, before `next build` has generated next-env.d.ts.
/// <reference types="next" />
/// <reference types="next/image-types/global" />
