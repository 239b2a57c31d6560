import { lambdaRuntimeSupported, lambdaTracingActive } from "../../policy-pack/policies";
import { assertPasses, assertViolates } from "./util";

const FN = "aws:lambda/function:Function";
const fn = { runtime: "nodejs22.x", architectures: ["arm64"], handler: "index.handler", tracingConfig: { mode: "Active" } };

describe("policy-pack/compute", () => {
    describe("lambda-tracing-active", () => {
        it("passes active tracing", () => assertPasses(lambdaTracingActive, FN, fn));
        it("flags PassThrough", () => assertViolates(lambdaTracingActive, FN, { ...fn, tracingConfig: { mode: "PassThrough" } }, /'PassThrough'/));
        it("flags no tracing config", () => assertViolates(lambdaTracingActive, FN, { ...fn, tracingConfig: undefined }, /set tracingConfig/));
    });
    describe("lambda-runtime-supported", () => {
        it("passes a current runtime", () => assertPasses(lambdaRuntimeSupported, FN, fn));
        it("flags nodejs20.x, which can no longer be created", () => assertViolates(lambdaRuntimeSupported, FN, { ...fn, runtime: "nodejs20.x" }, /nodejs20\.x/));
        it("follows the config's list", () => assertViolates(lambdaRuntimeSupported, FN, fn, /nodejs22\.x/, { allowedRuntimes: ["nodejs24.x"] }));
        it("leaves container images alone", () => assertPasses(lambdaRuntimeSupported, FN, { packageType: "Image" }));
    });
});
