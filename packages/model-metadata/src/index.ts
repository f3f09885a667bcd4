export * from './compare';
export { prefixedSha256Of, sha256Of } from './digests';
export { compareFilePaths, filePathProblem, normaliseFilePath } from './file-paths';
export * from './hugging-face';
export * from './lock-files';
export * from './manifest';
export * from './model-card';
export * from './model-signing';
export * from './provenance';
