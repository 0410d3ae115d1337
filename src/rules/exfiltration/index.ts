import type { AnyRule } from "../../engine/rule.js";
import archiveUpload from "./archive-upload.js";
import browserStorage from "./browser-storage.js";
import collectorDnsData from "./collector-dns-data.js";
import credentialUpload from "./credential-upload.js";
import envDump from "./env-dump.js";
import pushElsewhere from "./push-elsewhere.js";
import secretVariableUpload from "./secret-variable-upload.js";
import serveHome from "./serve-home.js";

export const exfiltrationRules: AnyRule[] = [
  archiveUpload,
  credentialUpload,
  envDump,
  secretVariableUpload,
  serveHome,
  pushElsewhere,
  collectorDnsData,
  browserStorage,
];
