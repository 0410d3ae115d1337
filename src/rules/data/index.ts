import type { AnyRule } from "../../engine/rule.js";
import sqlDestructive from "./sql-destructive.js";
import nosqlDestructive from "./nosql-destructive.js";
import cloudStorageDelete from "./cloud-storage-delete.js";
import cloudResourceDelete from "./cloud-resource-delete.js";
import cloudSdkDelete from "./cloud-sdk-delete.js";
import kubernetesDelete from "./kubernetes-delete.js";
import iacDestroy from "./iac-destroy.js";
import dockerVolumes from "./docker-volumes.js";
import repoPackageDelete from "./repo-package-delete.js";
import platformDelete from "./platform-delete.js";
import scaleToZero from "./scale-to-zero.js";
import sqlInCode from "./sql-in-code.js";
import storeWipe from "./store-wipe.js";

export const dataRules: AnyRule[] = [
  sqlDestructive,
  nosqlDestructive,
  cloudStorageDelete,
  cloudResourceDelete,
  cloudSdkDelete,
  kubernetesDelete,
  iacDestroy,
  dockerVolumes,
  repoPackageDelete,
  platformDelete,
  scaleToZero,
  sqlInCode,
  storeWipe,
];
