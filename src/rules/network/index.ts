import type { AnyRule } from "../../engine/rule.js";
import metadataEndpoint from "./metadata-endpoint.js";
import privateAddress from "./private-address.js";
import domainPolicy from "./domain-policy.js";
import loopbackService from "./loopback-service.js";

export const networkRules: AnyRule[] = [metadataEndpoint, loopbackService, privateAddress, domainPolicy];
