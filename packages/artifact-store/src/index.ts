export * from './artifact-store';
export * from './create-artifact-store';
export * from './filesystem-store';
export { createS3Client, type S3Connection } from './s3-objects';
export * from './s3-store';
export {
  DEFAULT_PART_SIZE,
  MAX_PART_SIZE,
  MAX_PARTS,
  MIN_PART_SIZE,
  parseDigest,
} from './upload-rules';
