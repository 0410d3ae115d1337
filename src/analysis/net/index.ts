// Network targets and IP addresses, normalised: one place that knows every spelling of 127.0.0.1.
export { parseIp, ipInCidr } from "./ip.js";
export {
  classifyHost,
  normalizeHost,
  parseUrlTarget,
  parseHostWord,
  findUrls,
  type NetTarget,
} from "./target.js";
