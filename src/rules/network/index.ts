import type { Rule } from "../../engine/rule.js";
import metadataEndpoint from "./metadata-endpoint.js";
import privateAddress from "./private-address.js";
import domainPolicy from "./domain-policy.js";

export const networkRules: Rule<any>[] = [metadataEndpoint, privateAddress, domainPolicy];
