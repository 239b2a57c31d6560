// Published AWS list prices the scale bench (scripts/bench/scale.ts) costs jobs with: US East (N. Virginia),
// on-demand, before free tiers. Checked 2026-12-07 against these pages (re-check them before relying on a
// figure; the bench prints this date):
//   Lambda            https://aws.amazon.com/lambda/pricing/          (arm64 duration, first 7.5B GB-s a month)
//   Step Functions    https://aws.amazon.com/step-functions/pricing/  (Standard: per state transition)
//   S3                https://aws.amazon.com/s3/pricing/              (S3 Standard, first 50 TB a month)
//   KMS               https://aws.amazon.com/kms/pricing/             (symmetric requests; $1 a key-month)
export const PRICES_CHECKED = "2026-12-07";
export const REGION = "us-east-1";

export const AWS_PRICES = {
  /** Lambda duration on arm64 (the stack's functions are arm64), USD per GB-second. */
  lambdaArmGbSecond: 0.0000133334,
  /** Lambda requests, USD per invocation ($0.20 per million). */
  lambdaRequest: 0.2 / 1e6,
  /** Step Functions Standard workflows, USD per state transition ($0.025 per 1,000). */
  stepFunctionsTransition: 0.025 / 1000,
  /** S3 PUT, COPY, POST, LIST (CreateMultipartUpload, UploadPart, CompleteMultipartUpload), USD per request ($0.005 per 1,000). */
  s3WriteRequest: 0.005 / 1000,
  /** S3 GET and other reads, USD per request ($0.0004 per 1,000). */
  s3ReadRequest: 0.0004 / 1000,
  /** S3 Standard storage, USD per GB-month (first 50 TB). */
  s3StandardGbMonth: 0.023,
  /** KMS symmetric requests (GenerateDataKey, Decrypt), USD per request ($0.03 per 10,000). */
  kmsRequest: 0.03 / 10000,
} as const;
