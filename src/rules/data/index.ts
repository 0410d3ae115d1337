import type { AnyRule } from "../../engine/rule.js";
import sqlDestructive from "./sql-destructive.js";
import nosqlDestructive from "./nosql-destructive.js";
import { cloudResourceDelete, cloudStorageDelete } from "./cloud.js";
import kubernetesDelete from "./kubernetes.js";
import iacDestroy from "./iac.js";
import dockerVolumes from "./docker.js";
import repoPackageDelete from "./publish.js";

export const dataRules: AnyRule[] = [
  sqlDestructive,
  nosqlDestructive,
  cloudStorageDelete,
  cloudResourceDelete,
  kubernetesDelete,
  iacDestroy,
  dockerVolumes,
  repoPackageDelete,
];
