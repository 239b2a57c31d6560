// The stack's components and their pure helpers.
export * from "./agentLambda";
export * from "./agentRevision";
export * from "./alarms";
export * from "./bedrockAgent";
export * from "./bundle";
export * from "./contract";
export * from "./encryptionKey";
export * from "./generationsTable";
export * from "./guardrail";
export * from "./knowledgeBase";
export * from "./monitoring";
export * from "./names";
export * from "./policies";
export * from "./secureBucket";
export * from "./toolSchema";
