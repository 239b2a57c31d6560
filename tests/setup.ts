// Loaded by mocha before every spec (.mocharc.json). The AWS SDK's Node 20 end-of-support notice is about
// future SDK releases, which the lock file does not take: keep it out of the test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
