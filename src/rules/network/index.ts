import type { AnyRule } from "../../engine/rule.js";
import metadataEndpoint from "./metadata-endpoint.js";
import privateAddress from "./private-address.js";
import domainPolicy from "./domain-policy.js";

export const networkRules: AnyRule[] = [metadataEndpoint, privateAddress, domainPolicy];
