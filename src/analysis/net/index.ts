// Network targets and IP addresses, normalised: one place that knows every spelling of 127.0.0.1.
export { parseIp, ipInCidr, worseClass, isAtLeast, type AddressClass, type IpInfo } from "./ip.js";
export {
  classifyHost,
  normalizeHost,
  parseUrlTarget,
  parseHostWord,
  findUrls,
  worstClass,
  type NetTarget,
} from "./target.js";
